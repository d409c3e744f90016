// npm run bench:notifications: how fast the notification-service gets messages to citizens. N cases
// are opened through the real case-service; then N "tell the citizen" facts wait on Kafka and the
// notification-service (started after them) turns each into an email in the citizen's language: the
// facts claimed, the message owed, the recipients asked of the case record, the template rendered,
// the email handed to a real local SMTP server, the delivery and its fact recorded, the case timeline
// written. Beside it, in the same run, the raw rate at which nodemailer hands the same number of
// emails to the same server. Needs `tools/infra up`. Settings: BENCH_MESSAGES (2000), BENCH_CONCURRENCY (32).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Pool } from 'pg';
import { citizenNotificationRequestedV1, createEnvelope, requestReceivedV1, TOPICS } from '@city/contracts';
import { eventIdFromKey, referenceFromKey } from '@city/domain-intake';
import { createIdempotentProducer, createKafka } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  MailSink,
  prepareKafka,
  publishServices,
  repositoryCatalogue,
  uniquePrefix,
} from '@city/platform-testing';
import { EventPublisher } from '@city/platform-kafka';
import { build, cleanUp, ready, runBench, start, stop } from './bench-kit';

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '32';
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const CASE_PORT = 3298;
const NOTIFICATION_PORT = 3299;

async function until(what: string, done: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const t = performance.now();
  while (!(await done())) {
    if (performance.now() - t > timeoutMs) throw new Error(`${what}: not done in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main() {
  const prefix = uniquePrefix('benchnotify');
  const caseSchema = `bench_ncase_${randomUUID().slice(0, 8)}`;
  const schema = `bench_notify_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: DB, max: 2 });
  build('case-service', 'notification-service');
  await prepareKafka(prefix, BROKERS);
  const kafka = createKafka(
    { clientId: 'bench-notifications', brokers: BROKERS, topicPrefix: prefix },
    createLogger('bench', 'warn'),
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 500,
    ackTimeoutMs: 30_000,
  });
  await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
  const mail = await new MailSink().start();

  // 1. The raw ceiling: nodemailer straight to the same SMTP server, pooled, as many at once as the service sends.
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: mail.port,
    pool: true,
    maxConnections: Number(CONCURRENCY),
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Number(CONCURRENCY) }, async () => {
      while (next < N) {
        const i = next++;
        await transport.sendMail({
          from: 'bench@city.example',
          to: `raw-${i}@example.org`,
          subject: `Raw ${i}`,
          text: 'A message of about the same length as the city sends.\n'.repeat(8),
        });
      }
    }),
  );
  const raw = N / ((performance.now() - t0) / 1000);
  transport.close();
  mail.mails.length = 0;

  // 2. N cases, each with its own citizen, opened through the real case-service.
  const cases = start('case-service', CASE_PORT, {
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: DB,
    DB_SCHEMA: caseSchema,
  });
  let notifications: ReturnType<typeof start> | null = null;
  try {
    await ready(`http://127.0.0.1:${CASE_PORT}`);
    const base = requestReceivedV1.example.payload;
    const requests = Array.from({ length: N }, (_, i) => {
      const key = `web:${randomUUID()}`;
      return createEnvelope(requestReceivedV1, {
        eventId: eventIdFromKey('default', key),
        tenantId: 'default',
        correlationId: randomUUID(),
        payload: {
          ...base,
          idempotencyKey: key,
          reference: referenceFromKey('default', key),
          language: (['en', 'nl', 'sv'] as const)[i % 3],
          contact: {
            ...base.contact!,
            email: `citizen-${i}-${randomUUID().slice(0, 6)}@example.org`,
            phone: null,
          },
          location: { ...base.location!, lat: 40 + Math.random() * 10, long: Math.random() * 10 },
        },
      });
    });
    await Promise.all(
      requests.map((e) =>
        publisher.publish(prefix + TOPICS.intakeRequests, `default:${e.payload.idempotencyKey}`, e),
      ),
    );
    await until(
      'cases opened',
      async () =>
        Number((await pool.query(`SELECT count(*) AS n FROM "${caseSchema}".cases`)).rows[0].n) >= N,
    );
    const opened = (await pool.query(`SELECT id, reference FROM "${caseSchema}".cases`)).rows as Array<{
      id: string;
      reference: string;
    }>;

    // 3. N facts waiting on Kafka, then the notification-service starts and sends them all.
    await Promise.all(
      opened.map((c) =>
        publisher.publish(
          prefix + TOPICS.workflowEvents,
          c.id,
          createEnvelope(citizenNotificationRequestedV1, {
            tenantId: 'default',
            correlationId: randomUUID(),
            payload: {
              caseId: c.id,
              reference: c.reference,
              at: new Date().toISOString(),
              template: 'report-received',
              workflow: 'field-report',
              step: 'tell-received',
            },
          }) as never,
        ),
      ),
    );
    notifications = start('notification-service', NOTIFICATION_PORT, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: DB,
      DB_SCHEMA: schema,
      QUEUE_PREFIX: `bench-${schema}`,
      CASE_SERVICE_URL: `http://127.0.0.1:${CASE_PORT}`,
      SMTP_URL: mail.url,
      DELIVERY_CONCURRENCY: CONCURRENCY,
    });
    const t1 = performance.now();
    await ready(`http://127.0.0.1:${NOTIFICATION_PORT}`);
    // When the first email arrived (within 50 ms): what came before is the service starting (its
    // migrations on a new schema, Kafka's group join), what came after is its sending rate.
    let first = 0;
    await until('emails delivered', async () => {
      if (!first && mail.mails.length > 0) first = performance.now();
      return mail.mails.length >= N;
    });
    const sendSeconds = (performance.now() - t1) / 1000;
    const steadySeconds = (performance.now() - first) / 1000;
    await until(
      'timelines written',
      async () =>
        Number(
          (
            await pool.query(
              `SELECT count(*) AS n FROM "${caseSchema}".timeline_entries WHERE kind = 'message-sent'`,
            )
          ).rows[0].n,
        ) >= N,
    );
    const recordedSeconds = (performance.now() - t1) / 1000;
    const languages = new Set(mail.mails.map((m) => m.subject.split(' ')[0]));
    console.log(
      `notifications bench: ${N} "report-received" facts waiting on Kafka -> notification-service -> emails to a local SMTP server (concurrency ${CONCURRENCY})`,
    );
    console.log(
      `  emails sent               ${(N / sendSeconds).toFixed(0)} messages/s (${mail.mails.length} in ${sendSeconds.toFixed(1)} s, from the service's start; ${languages.size} languages)`,
    );
    console.log(
      `  steady rate               ${((N - 1) / steadySeconds).toFixed(0)} messages/s (first email ${((first - t1) / 1000).toFixed(1)} s after the start, the last ${steadySeconds.toFixed(1)} s after it)`,
    );
    console.log(
      `  on every case timeline    ${(N / recordedSeconds).toFixed(0)} messages/s (${N} in ${recordedSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  raw nodemailer, same SMTP ${raw.toFixed(0)} emails/s (pooled, ${CONCURRENCY} at once): the service reaches ${(N / sendSeconds / raw).toFixed(2)}x from its start, ${((N - 1) / steadySeconds / raw).toFixed(2)}x steady`,
    );
    const dupes = mail.mails.length - new Set(mail.mails.map((m) => m.to.join())).size;
    console.log(`  citizens emailed twice    ${dupes}`);
  } finally {
    if (notifications) await stop(notifications);
    await stop(cases);
    await mail.stop();
    await publisher.close();
    await cleanUp(pool, prefix, BROKERS, schema, caseSchema);
  }
}

runBench(main);
