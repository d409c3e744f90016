import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  cleanupKafka,
  prepareKafka,
  rateLimitPrefix,
  removeRateLimitCounts,
  uniquePrefix,
} from '@city/platform-testing';
import { startApp, uniqueSchema, type RunningApp } from './system';

const ROOT = resolve(__dirname, '../../..');
const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The ports the README's examples use: what `npm run up` (tools/up) listens on. */
export const README_PORTS = {
  gateway: 3000,
  cases: 3001,
  workflow: 3002,
  notifications: 3003,
  smtp: 2525,
  sms: 3090,
  mailbox: 3091,
} as const;

const portIsFree = (port: number) =>
  new Promise<boolean>((res) => {
    const server = createServer();
    server.once('error', () => res(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => res(true)));
  });

/** Fails, naming them, when another program (e.g. an `npm run up` left running) holds the README's ports. */
export async function assertReadmePortsFree(): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(README_PORTS))
    if (!(await portIsFree(port))) taken.push(`${port} (${name})`);
  if (taken.length > 0)
    throw new Error(
      `The README's examples run against the system on the ports \`npm run up\` uses, and these are taken: ` +
        `${taken.join(', ')}. Stop what listens there (e.g. an \`npm run up\` still running) and run again.`,
    );
}

export interface ReadmeSystem {
  stop(): Promise<void>;
}

/**
 * The system as `npm run up` starts it (tools/up: the four apps, the demo's outbox, the repository's
 * catalogue, routing and templates, the second city beside the demo city, the demo clients, default
 * rate limits, DEFAULT_COUNTRY=NL) on the
 * README's ports, but on topics, database schemas, queues and rate-limit counts of the run's own, so
 * that it leaves nothing behind and meets no one else's data.
 */
export async function startReadmeSystem(): Promise<ReadmeSystem> {
  await assertReadmePortsFree();
  if (!/test/.test(new URL(DB).pathname)) throw new Error('the test database name must say test');
  const prefix = uniquePrefix('readme');
  const schemas = {
    cases: uniqueSchema('readme_cases'),
    workflow: uniqueSchema('readme_workflow'),
    notifications: uniqueSchema('readme_notifications'),
  };
  const rlPrefix = rateLimitPrefix('readme');
  const queuePrefix = `readme-${randomUUID().slice(0, 8)}`;
  const shared = {
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: DB,
    CASE_SERVICE_URL: `http://127.0.0.1:${README_PORTS.cases}`,
    DEFAULT_COUNTRY: 'NL',
    // Two cities side by side, as under `npm run up` (cities/other-city beside the demo city).
    CITIES: 'default,other-city',
    // The default allowances, as under `npm run up`, counted under the run's own keys.
    RATE_LIMITS: '',
    RATE_LIMIT_PREFIX: rlPrefix,
  };
  const apps: RunningApp[] = [];
  let outbox: ChildProcess | undefined;
  const stop = async () => {
    await Promise.all(apps.map((a) => a.stop()));
    const running = outbox;
    if (running && running.exitCode === null) {
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await exited;
    }
    await cleanupKafka(prefix, BROKERS).catch(() => undefined);
    await removeRateLimitCounts(REDIS_URL, rlPrefix).catch(() => undefined);
    const db = new Client({ connectionString: DB });
    await db.connect();
    for (const schema of Object.values(schemas)) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  };
  try {
    await prepareKafka(prefix, BROKERS);
    const started = spawn('node', ['tools/run-ts.js', 'tools/dev-outbox.ts'], {
      cwd: ROOT,
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    outbox = started;
    await new Promise<void>((res, rej) => {
      started.stdout.on('data', (d: Buffer) => d.toString().includes('[dev-outbox] SMTP') && res());
      started.once('exit', (code) => rej(new Error(`the demo outbox exited with ${code}`)));
    });
    apps.push(await startApp('case-service', README_PORTS.cases, { ...shared, DB_SCHEMA: schemas.cases }));
    apps.push(
      await startApp('workflow-service', README_PORTS.workflow, {
        ...shared,
        DB_SCHEMA: schemas.workflow,
        QUEUE_PREFIX: `${queuePrefix}-workflow`,
      }),
    );
    apps.push(await startApp('intake-gateway', README_PORTS.gateway, shared));
    apps.push(
      await startApp('notification-service', README_PORTS.notifications, {
        ...shared,
        DB_SCHEMA: schemas.notifications,
        QUEUE_PREFIX: `${queuePrefix}-notifications`,
        PUBLIC_URL: `http://127.0.0.1:${README_PORTS.notifications}`,
      }),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}
