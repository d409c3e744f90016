import { randomBytes } from 'node:crypto';
import { freePort, startApp, type RunningApp } from '../app-process';
import type { MailSink, SmsStandIn } from '../message-sinks';

/** The back end's five services, in the order they start. */
export const SERVICES = [
  'workflow-service',
  'case-service',
  'intake-gateway',
  'notification-service',
  'ops-monitor',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Starts a service as its own process on a port, ready: startApp (from source) unless a bench brings built ones. */
export type Launch = (name: ServiceName, port: number, env: Record<string, string>) => Promise<RunningApp>;

export interface WholeSystemOptions {
  prefix: string;
  brokers: string[];
  databaseUrl: string;
  redisUrl: string;
  /** A label for this run's schemas and queues (letters, digits, _). */
  label: string;
  mail: MailSink;
  sms: SmsStandIn;
  /** The catalogue files the workflow-service imports and publishes (catalogue/services). */
  catalogueDir?: string;
  /** More settings for every service. */
  env?: Record<string, string>;
  launch?: Launch;
  /** Keep what each service writes (its log), for a test that reads the logs as an operator would (`output`). */
  captureOutput?: boolean;
  /**
   * The secret that seals the personal events on Kafka (PRIVACY_MASTER_KEY), as every deployment has
   * one: a fresh random one unless given; null runs the events in the clear.
   */
  privacyMasterKey?: string | null;
}

/**
 * The whole back end as separate processes on one Kafka, Postgres and Redis, with a schema and
 * queue prefix of its own per service, each on a fixed port for its life, so a service killed and
 * started again is where the others look for it. Used by the system bench and the chaos run.
 */
export class WholeSystem {
  readonly schemas: Record<'cases' | 'workflow' | 'notifications' | 'ops', string>;
  private readonly apps = new Map<ServiceName, RunningApp>();
  /** Services that ended by themselves (not killed or stopped here): a crash a fault caused. */
  readonly unexpectedExits: Array<{
    name: ServiceName;
    code: number | null;
    signal: string | null;
    at: Date;
  }> = [];
  private readonly ending = new Set<RunningApp>();
  private readonly ports = new Map<ServiceName, number>();
  private readonly launch: Launch;

  /** The secret sealing this run's personal events (for a test that reads the topics: `EventOpener`). */
  readonly privacyMasterKey: string | null;

  constructor(private readonly o: WholeSystemOptions) {
    this.privacyMasterKey =
      o.privacyMasterKey === undefined ? randomBytes(32).toString('base64') : o.privacyMasterKey;
    this.schemas = {
      cases: `${o.label}_cases`,
      workflow: `${o.label}_workflow`,
      notifications: `${o.label}_notif`,
      ops: `${o.label}_ops`,
    };
    this.launch =
      o.launch ?? ((name, port, env) => startApp(name, port, env, { captureOutput: o.captureOutput }));
  }

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports.get(name)}`;
  }

  app(name: ServiceName): RunningApp | undefined {
    return this.apps.get(name);
  }

  /** What each running service wrote so far (with `captureOutput`). */
  output(): Array<{ name: ServiceName; log: string }> {
    return [...this.apps].map(([name, app]) => ({ name, log: app.output() }));
  }

  /** Every service's settings: its schema, its neighbours' addresses, this run's Kafka, Postgres and Redis. */
  envOf(name: ServiceName): Record<string, string> {
    const common = {
      KAFKA_TOPIC_PREFIX: this.o.prefix,
      KAFKA_BROKERS: this.o.brokers.join(','),
      DATABASE_URL: this.o.databaseUrl,
      REDIS_URL: this.o.redisUrl,
      ...(this.privacyMasterKey ? { PRIVACY_MASTER_KEY: this.privacyMasterKey } : {}),
      ...this.o.env,
    };
    const queues = (schema: string) => ({ DB_SCHEMA: schema, QUEUE_PREFIX: `q-${schema}` });
    switch (name) {
      case 'workflow-service':
        return {
          ...common,
          ...queues(this.schemas.workflow),
          ...(this.o.catalogueDir ? { CATALOGUE_DIR: this.o.catalogueDir } : {}),
        };
      case 'case-service':
        return {
          ...common,
          DB_SCHEMA: this.schemas.cases,
          // It asks these for a citizen's personal data (an export).
          WORKFLOW_SERVICE_URL: this.url('workflow-service'),
          NOTIFICATION_SERVICE_URL: this.url('notification-service'),
        };
      case 'intake-gateway':
        return { ...common, CASE_SERVICE_URL: this.url('case-service') };
      case 'notification-service':
        return {
          ...common,
          ...queues(this.schemas.notifications),
          CASE_SERVICE_URL: this.url('case-service'),
          SMTP_URL: this.o.mail.url,
          SMS_PROVIDER_URL: this.o.sms.url,
        };
      case 'ops-monitor':
        return { ...common, DB_SCHEMA: this.schemas.ops };
    }
  }

  /** Starts every service, each when the one before is ready (the workflow-service first: it publishes the catalogue). */
  async start(): Promise<void> {
    for (const name of SERVICES) this.ports.set(name, await freePort());
    for (const name of SERVICES) await this.startOne(name);
  }

  async startOne(name: ServiceName): Promise<void> {
    const app = await this.launch(name, this.ports.get(name)!, this.envOf(name));
    app.process.once('exit', (code, signal) => {
      if (!this.ending.has(app)) this.unexpectedExits.push({ name, code, signal, at: new Date() });
    });
    this.apps.set(name, app);
  }

  /** Stopped as a rollout stops it (SIGTERM, drained) and started again on its port, reading its configuration anew. */
  async restart(name: ServiceName): Promise<void> {
    const app = this.apps.get(name);
    if (app) this.ending.add(app);
    await app?.stop();
    this.apps.delete(name);
    await this.startOne(name);
  }

  /** SIGKILL: no shutdown hooks, no drain, as a crash would. */
  async kill(name: ServiceName): Promise<void> {
    const app = this.apps.get(name);
    if (app) this.ending.add(app);
    await app?.kill();
    this.apps.delete(name);
  }

  async stop(): Promise<void> {
    for (const app of this.apps.values()) this.ending.add(app);
    await Promise.all([...this.apps.values()].map((a) => a.stop()));
    this.apps.clear();
  }
}
