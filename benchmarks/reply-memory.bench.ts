// npm run bench:reply-memory: what a citizen's reply with five 9 MB files costs the case-service in
// memory. The case-service is started from its source as its own process (as the e2e tests start it);
// its resident memory is read from /proc/<pid>/status before each round, at its peak during the round
// (VmHWM, reset through clear_refs first) and after it. Rounds, each in a fresh process: one reply,
// BENCH_CONCURRENT (8) replies at once, and as many at once with a wrong email (refused). Needs
// `tools/infra up` (Postgres, Redis, Kafka, Keycloak). Settings: BENCH_FILE_MB (9), BENCH_FILES (5),
// BENCH_CONCURRENT (8).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopicSpecs, TOPICS, type RequestReceivedV1 } from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  EventPublisher,
  uniquePrefix,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { removeTestState, requestReceived, startApp, type RunningApp } from '@city/platform-testing';
import { runBench } from './bench-kit';

const MB = 1024 * 1024;
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 9);
const FILES = Number(process.env.BENCH_FILES ?? 5);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 8);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** kB figures of /proc/<pid>/status: the resident set now, and its peak since the last reset. */
const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};
/** The peak (VmHWM) starts again from the resident set now. */
const resetPeak = (pid: number) => writeFileSync(`/proc/${pid}/clear_refs`, '5');
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

interface Round {
  name: string;
  replies: number;
  /** Each reply with the email of another citizen: refused (404). */
  wrongEmail?: boolean;
}

const ROUNDS: Round[] = [
  { name: `1 reply of ${FILES} × ${FILE_MB} MB`, replies: 1 },
  { name: `${CONCURRENT} replies at once of ${FILES} × ${FILE_MB} MB`, replies: CONCURRENT },
  {
    name: `${CONCURRENT} replies at once of ${FILES} × ${FILE_MB} MB, wrong email (refused)`,
    replies: CONCURRENT,
    wrongEmail: true,
  },
];

/** One round in a case-service of its own (a fresh process, warmed up by one small reply): its memory before, at its peak and after. */
async function measure(
  round: Round,
  publisher: EventPublisher,
  prefix: string,
  schema: string,
): Promise<string> {
  const storeDir = await mkdtemp(join(tmpdir(), 'bench-reply-documents-'));
  let cases: RunningApp | undefined;
  try {
    cases = await startApp('case-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: DB,
      DB_SCHEMA: schema,
      DOCUMENT_STORE_DIR: storeDir,
      LOG_LEVEL: 'warn',
    });
    const pid = cases.process.pid;
    if (pid === undefined) throw new Error('the case-service did not start');
    const url = cases.url;

    /** Requests of citizens of their own, as cases in the case-service. */
    const openCases = async (n: number) => {
      const events: RequestReceivedV1[] = Array.from({ length: n }, () => requestReceived());
      for (const e of events)
        await publisher.publish(prefix + TOPICS.intakeRequests, `default:${e.payload.idempotencyKey}`, e);
      const opened = events.map((e) => ({
        reference: e.payload.reference,
        email: e.payload.contact?.email ?? '',
      }));
      for (const c of opened)
        for (let i = 0; ; i++) {
          const r = await fetch(`${url}/api/v1/requests/${c.reference}?email=${encodeURIComponent(c.email)}`);
          await r.arrayBuffer();
          if (r.status === 200) break;
          if (i > 600) throw new Error(`case ${c.reference} not opened`);
          await new Promise((res) => setTimeout(res, 50));
        }
      return opened;
    };

    const pdf = new Uint8Array(FILE_MB * MB);
    pdf.set(Buffer.from('%PDF-1.4\n'));
    for (let i = 16; i < pdf.length; i += 4096) pdf[i] = i & 0xff;
    const big = new Blob([pdf], { type: 'application/pdf' });
    const reply = async (c: { reference: string; email: string }, files: number) => {
      const form = new FormData();
      form.append('email', c.email);
      form.append('message', 'The documents you asked for.');
      for (let i = 0; i < files; i++) form.append('file', big, `scan-${i}.pdf`);
      const started = Date.now();
      const r = await fetch(`${url}/api/v1/requests/${c.reference}/replies`, { method: 'POST', body: form });
      await r.arrayBuffer();
      return { status: r.status, ms: Date.now() - started };
    };

    // Warm up: the route, the store's folders, the database's pool.
    const [warm, ...targets] = await openCases(1 + round.replies);
    await reply(warm, 0);
    await new Promise((res) => setTimeout(res, 1_000));

    const before = memory(pid);
    resetPeak(pid);
    const answers = await Promise.all(
      targets.map((c) => reply(round.wrongEmail ? { ...c, email: `${randomUUID()}@example.org` } : c, FILES)),
    );
    const after = memory(pid);
    const staged = await readdir(join(storeDir, '.staging')).catch(() => []);
    return (
      `${round.name} | ${mb(before.rss)} | ${mb(after.peak)} (+${mb(after.peak - before.rss)}) | ${mb(after.rss)} | ` +
      `${answers.map((a) => a.status).join(',')} | ${answers.map((a) => a.ms).join(',')} | ${staged.length}`
    );
  } finally {
    await cases?.stop();
    await rm(storeDir, { recursive: true, force: true });
  }
}

async function main() {
  const prefix = uniquePrefix('rmem');
  const schema = `bench_reply_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    { clientId: 'bench-reply', brokers: BROKERS, topicPrefix: prefix },
    createLogger('bench', 'silent'),
  );
  await ensureTopics(kafka, allTopicSpecs(prefix));
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 100,
    ackTimeoutMs: 10_000,
  });
  try {
    console.log(`${FILES} files of ${FILE_MB} MB a reply; each round in a case-service process of its own`);
    console.log('round | RSS before | peak RSS during | RSS after | statuses | ms | files left in staging');
    for (const round of ROUNDS) console.log(await measure(round, publisher, prefix, schema));
  } finally {
    await publisher.close();
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: DB, schemas: [schema] });
  }
}

runBench(main);
