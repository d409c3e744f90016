import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  asUser,
  cleanupKafka,
  MailSink,
  prepareKafka,
  SmsStandIn,
  uniquePrefix,
  WholeSystem,
  type WholeSystemOptions,
} from '@city/platform-testing';

export { startApp, type RunningApp } from '@city/platform-testing';

export const uniqueSchema = (label: string) => `${label}_${randomUUID().slice(0, 8)}`;

/** The shared infrastructure the tests run on (tools/infra up). */
export const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * The whole back end for one spec, as processes on the shared Kafka, Postgres and Redis: topics of its
 * own prefix and schemas of its own label, a mail server and an SMS provider standing in; `stop`
 * undoes it all (services, sinks, topics, schemas).
 */
export class SystemRun {
  readonly prefix: string;
  readonly label: string;
  readonly mail = new MailSink();
  readonly sms = new SmsStandIn();
  private started: WholeSystem | null = null;

  constructor(
    name: string,
    private readonly options: Partial<Omit<WholeSystemOptions, 'prefix' | 'label' | 'mail' | 'sms'>> = {},
  ) {
    this.prefix = uniquePrefix(name);
    this.label = uniqueSchema(name);
  }

  get system(): WholeSystem {
    if (!this.started) throw new Error('the system run has not started');
    return this.started;
  }

  async start(): Promise<WholeSystem> {
    if (!/test/.test(new URL(DB).pathname)) throw new Error('the e2e database name must say test');
    await prepareKafka(this.prefix, BROKERS);
    await Promise.all([this.mail.start(), this.sms.start()]);
    this.started = new WholeSystem({
      prefix: this.prefix,
      brokers: BROKERS,
      databaseUrl: DB,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      label: this.label,
      mail: this.mail,
      sms: this.sms,
      ...this.options,
    });
    await this.started.start();
    return this.started;
  }

  async stop(): Promise<void> {
    await this.started?.stop();
    await Promise.all([this.mail.stop(), this.sms.stop()]);
    await cleanupKafka(this.prefix, BROKERS);
    const db = new Client({ connectionString: DB });
    await db.connect();
    for (const s of Object.values(this.started?.schemas ?? {}))
      await db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await db.end();
  }
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Polls until the agent API shows the case (to agent-17, signed in), or fails after the timeout. */
export async function waitForCase(
  caseServiceUrl: string,
  reference: string,
  timeoutMs = 20_000,
): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${caseServiceUrl}/api/v1/cases/${reference}`, {
      headers: await asUser('agent-17'),
    }).catch(() => null);
    if (r?.status === 200) return (await r.json()) as CaseView;
    if (Date.now() > deadline) throw new Error(`case ${reference} not visible (${r?.status ?? 'no answer'})`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

export interface CaseView {
  case: {
    id: string;
    reference: string;
    status: string;
    channelOfOrigin: string;
    queue: string;
    priority: number;
    assignee: string | null;
    dueAt: { firstResponse: string | null; resolution: string | null };
    version: number;
    service: { code: string };
  };
  citizen: { id: string; contactPoints: Array<{ kind: string; value: string }> } | null;
  timeline: Array<{ kind: string; actor: string; channel: string | null; summary: string }>;
  interactions: Array<{ channel: string; kind: string; handledBy: string | null }>;
}
