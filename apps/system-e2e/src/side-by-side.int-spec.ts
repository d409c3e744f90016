import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  cleanupKafka,
  MailSink,
  prepareKafka,
  SmsStandIn,
  testKafka,
  TopicProbe,
  uniquePrefix,
  type ProbedMessage,
} from '@city/platform-testing';
import { postJson, startApp, uniqueSchema, type RunningApp } from './system';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REQUESTS = 120;

/**
 * Several instances of each consumer share its topics' partitions (issue 14): two case-services, two
 * workflow-services and two notification-services side by side on the same databases, queues and
 * consumer groups, with requests coming in while one of each is stopped halfway (its partitions
 * move to the other). Then: every accepted request is one case, no case was opened or routed twice,
 * each case's events are in order on every topic, and no citizen got the same message twice.
 */
describe('two of each consumer side by side, one of each stopped while requests come in', () => {
  const prefix = uniquePrefix('pair');
  const schemas = {
    cases: uniqueSchema('pair_cases'),
    workflow: uniqueSchema('pair_workflow'),
    notifications: uniqueSchema('pair_notif'),
  };
  const mail = new MailSink();
  const sms = new SmsStandIn();
  const cases: RunningApp[] = [];
  const workflows: RunningApp[] = [];
  const notifications: RunningApp[] = [];
  let gateway: RunningApp;
  const probes: Record<'case' | 'workflow' | 'notification', TopicProbe> = {} as never;

  beforeAll(async () => {
    if (!/test/.test(new URL(DB).pathname)) throw new Error('the e2e database name must say test');
    await prepareKafka(prefix, BROKERS);
    await Promise.all([mail.start(), sms.start()]);
    const kafka = testKafka(prefix, BROKERS, 'pair-probe');
    probes.case = await new TopicProbe(kafka, `${prefix}case.events.v1`).start();
    probes.workflow = await new TopicProbe(kafka, `${prefix}workflow.events.v1`).start();
    probes.notification = await new TopicProbe(kafka, `${prefix}notification.events.v1`).start();
    // Two of an app, one at a time: the first runs the migrations, the second finds them done.
    const twoOf = async (app: string, env: Record<string, string>) => [
      await startApp(app, 0, { KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: DB, ...env }),
      await startApp(app, 0, { KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: DB, ...env }),
    ];
    cases.push(...(await twoOf('case-service', { DB_SCHEMA: schemas.cases })));
    gateway = await startApp('intake-gateway', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      CASE_SERVICE_URL: cases[0].url,
    });
    workflows.push(
      ...(await twoOf('workflow-service', {
        DB_SCHEMA: schemas.workflow,
        QUEUE_PREFIX: `pair-${schemas.workflow}`,
      })),
    );
    notifications.push(
      ...(await twoOf('notification-service', {
        DB_SCHEMA: schemas.notifications,
        QUEUE_PREFIX: `pair-${schemas.notifications}`,
        CASE_SERVICE_URL: cases[0].url,
        SMTP_URL: mail.url,
        SMS_PROVIDER_URL: sms.url,
      })),
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all([gateway, ...cases, ...workflows, ...notifications].map((a) => a?.stop()));
    await Promise.all(Object.values(probes).map((p) => p?.stop()));
    await Promise.all([mail.stop(), sms.stop()]);
    await cleanupKafka(prefix, BROKERS);
    const db = new Client({ connectionString: DB });
    await db.connect();
    for (const s of Object.values(schemas)) await db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await db.end();
  });

  /** A topic's messages of each key, in the order of their partition. */
  const byKey = (messages: ProbedMessage[]) => {
    const keys = new Map<string, ProbedMessage[]>();
    for (const m of [...messages].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset))))
      keys.set(m.key ?? '', [...(keys.get(m.key ?? '') ?? []), m]);
    return keys;
  };
  const typeOf = (m: ProbedMessage) => m.json<{ type: string }>().type;

  async function until(what: string, done: () => boolean | Promise<boolean>, ms = 90_000) {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('every accepted request is one case, opened once, routed once, its events in order, each message sent once', async () => {
    const accepted = new Map<string, string>(); // reference -> email
    const submit = async (i: number) => {
      const email = `pair-${i}-${randomUUID().slice(0, 8)}@example.org`;
      const res = await postJson(`${gateway.url}/api/v1/requests`, {
        serviceCode: 'pothole',
        attributes: { depth: 'deep', 'road-type': 'junction', hazard: 'no' },
        location: { lat: 40 + Math.random() * 10, long: Math.random() * 10 },
        contact: { firstName: 'Sam', lastName: 'Okafor', email },
      });
      expect(res.status).toBe(202);
      accepted.set(((await res.json()) as { reference: string }).reference, email);
    };
    // The first half with both of each running, ten at a time.
    for (let i = 0; i < REQUESTS / 2; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, k) => submit(i + k)));
    // The second of each had its share of the partitions: it handled messages of its main topic
    // (the metric's label is the topic's name without the test's prefix).
    const handled = async (app: RunningApp, topic: string) => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith('city_kafka_messages_total{') && l.includes(`topic="${topic}"`))
        .filter((l) => l.includes('outcome="handled"'))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    };
    await until('the second instances at work', async () =>
      (
        await Promise.all([
          handled(cases[1], 'intake.requests.v1'),
          handled(workflows[1], 'case.events.v1'),
          handled(notifications[1], 'case.events.v1'),
        ])
      ).every((n) => n > 0),
    );
    // One of each stops while the second half comes in: its partitions go to the other.
    const stopping = Promise.all([cases[1].stop(), workflows[1].stop(), notifications[1].stop()]);
    for (let i = REQUESTS / 2; i < REQUESTS; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, k) => submit(i + k)));
    await stopping;
    expect(accepted.size).toBe(REQUESTS);

    const opened = () => probes.case.messages.filter((m) => typeOf(m) === 'CaseOpened');
    const routed = () => probes.workflow.messages.filter((m) => typeOf(m) === 'CaseRouted');
    await until('every case opened', () => new Set(opened().map((m) => m.key)).size >= REQUESTS);
    await until('every case routed', () => new Set(routed().map((m) => m.key)).size >= REQUESTS);
    // The field-report workflow tells each citizen it was received: one email each.
    await until('every citizen told', () => [...accepted.values()].every((e) => mail.to(e).length > 0));
    // Time for a second delivery, should one be coming.
    await new Promise((r) => setTimeout(r, 3_000));

    // One case per accepted request.
    const db = new Client({ connectionString: DB });
    await db.connect();
    const rows = (
      await db.query<{ reference: string; n: number }>(
        `SELECT reference, count(*)::int AS n FROM "${schemas.cases}".cases GROUP BY reference`,
      )
    ).rows;
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.reference))).toEqual(new Set(accepted.keys()));

    // No case opened or routed twice.
    const twice = (ms: ProbedMessage[]) =>
      [...byKey(ms)].filter(([, list]) => list.length > 1).map(([key]) => key);
    expect(twice(opened())).toEqual([]);
    expect(twice(routed())).toEqual([]);
    expect(opened()).toHaveLength(REQUESTS);

    // Each case's events on the topic in the order its service wrote them (the outbox's order, which
    // two instances share), none missing and none twice.
    const streams = [
      [schemas.cases, 'case.events.v1', probes.case],
      [schemas.workflow, 'workflow.events.v1', probes.workflow],
      [schemas.notifications, 'notification.events.v1', probes.notification],
    ] as const;
    const outbox = async (service: string, topic: string) =>
      (
        await db.query<{ key: string; event_id: string }>(
          `SELECT message_key AS key, event->>'eventId' AS event_id FROM "${service}".outbox WHERE topic = $1 ORDER BY id`,
          [topic],
        )
      ).rows;
    // Everything written is published and read before it is compared.
    for (const [service, topic, probe] of streams)
      await until(
        `${topic} read whole`,
        async () => probe.messages.length >= (await outbox(service, topic)).length,
      );
    for (const [service, topic, probe] of streams) {
      const written = new Map<string, string[]>();
      for (const r of await outbox(service, topic))
        written.set(r.key, [...(written.get(r.key) ?? []), r.event_id]);
      const published = new Map(
        [...byKey(probe.messages)].map(([key, ms]) => [
          key,
          ms.map((m) => m.json<{ eventId: string }>().eventId),
        ]),
      );
      const outOfOrder = [...written].filter(
        ([key, ids]) => JSON.stringify(published.get(key)) !== JSON.stringify(ids),
      );
      expect([topic, outOfOrder.length, written.size > 0]).toEqual([topic, 0, true]);
    }
    await db.end();

    // No message sent twice: each citizen's emails have different subjects, and each sent fact is once.
    for (const email of accepted.values()) {
      const subjects = mail.to(email).map((m) => m.subject);
      expect([email, subjects.length]).toEqual([email, new Set(subjects).size]);
    }
    const notified = probes.notification.messages
      .filter((m) => typeOf(m) === 'CitizenNotified')
      .map((m) => m.json<{ payload: { deliveryId: string; medium: string } }>().payload);
    const deliveries = notified.map((p) => p.deliveryId);
    expect(deliveries.length).toBe(new Set(deliveries).size);
    // Every email the mail server took is one delivery told once.
    expect(mail.mails.length).toBe(notified.filter((p) => p.medium === 'email').length);
  }, 300_000);
});
