import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  allTopicSpecs,
  dlqTopic,
  requestReceivedV1,
  TOPICS,
  type RequestReceivedV1,
  type RequestReceivedV1Payload,
} from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  EventPublisher,
  TopicProbe,
  uniquePrefix,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  MailSink,
  publishServices,
  removeTestState,
  repositoryCatalogue,
  requestReceived,
  roomyRateLimits,
  SmsStandIn,
  startApp,
  type RunningApp,
} from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const phone = () => `+316${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const INBOUND = 'test-sms-inbound-token';

const request = (over: Partial<RequestReceivedV1Payload> = {}): RequestReceivedV1 =>
  requestReceived({
    language: 'en',
    contact: {
      ...requestReceivedV1.example.payload.contact!,
      email: `${randomUUID().slice(0, 8)}@example.org`,
      phone: phone(),
    },
    ...over,
  });

/**
 * The satisfaction question after a resolution, on the citizen's own channel, across the real case
 * record (its own process), Kafka, Postgres, Redis, an SMTP sink and an SMS stand-in: asked once by
 * email with a signed link (opening it records nothing, the score is a POST) or by text (a reply of
 * 1 to 5 from that number), each answer on the case record; a forged link and bad input refused.
 */
describe('notification-service: the satisfaction question by email link and text reply (real services)', () => {
  const prefix = uniquePrefix('nssat');
  const caseSchema = `nssat_case_${randomUUID().slice(0, 8)}`;
  const schema = `nssat_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `nssat-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'ns-sat-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  const mail = new MailSink();
  const sms = new SmsStandIn('test-sms-token');
  let cases: RunningApp;
  let app: NestFastifyApplication;
  let url: string;
  let deadLetters: TopicProbe;

  const agent = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${cases.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(await asUser('agent-17')) },
    });
    return { status: r.status, body: await r.json() };
  };
  const caseView = (reference: string) => agent(`/api/v1/cases/${reference}`).then((r) => r.body);
  const openCase = async (e: RequestReceivedV1) => {
    await publisher.publish(prefix + TOPICS.intakeRequests, `default:${e.payload.idempotencyKey}`, e);
    for (let i = 0; i < 300; i++) {
      const r = await agent(`/api/v1/cases/${e.payload.reference}`);
      if (r.status === 200) return r.body;
      await sleep(50);
    }
    throw new Error(`case ${e.payload.reference} not opened`);
  };
  /** An agent's change against the version they read (read again when the record moved meanwhile). */
  const change = async (reference: string, path: string, body: Record<string, unknown>) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { case: c } = await caseView(reference);
      const r = await agent(`/api/v1/cases/${reference}/${path}`, {
        method: 'POST',
        body: JSON.stringify({ ...body, expectedVersion: c.version }),
      });
      if (r.status < 300) return;
      if (r.status !== 409) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    throw new Error(`${path}: the case kept moving`);
  };
  const resolve = (reference: string) =>
    change(reference, 'status', { status: 'resolved', reason: 'Filled in' });
  /**
   * A note shared with the citizen, and its email: a case's facts are handled in order (one key, one
   * partition), so once it is there every fact before it was handled.
   */
  const barrier = async (reference: string, email: string) => {
    const text = `Checked ${randomUUID().slice(0, 6)}`;
    await change(reference, 'notes', { text, visibility: 'shared' });
    await mail.waitFor((m) => m.to.includes(email) && m.text.includes(text), 20_000);
  };
  const link = (text: string) => {
    const m = /http:\/\/portal\.example\/survey\/(\S+)/.exec(text);
    if (!m) throw new Error(`no survey link in: ${text}`);
    return m[1];
  };
  const call = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
    return { status: r.status, body: await r.json() };
  };
  const inbound = (from: string, text: string) =>
    call('/api/v1/sms/inbound', {
      method: 'POST',
      headers: { authorization: `Bearer ${INBOUND}` },
      body: JSON.stringify({ from, text }),
    });

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    await Promise.all([mail.start(), sms.start()]);
    deadLetters = await new TopicProbe(kafka, prefix + dlqTopic(TOPICS.caseEvents)).start();
    cases = await startApp('case-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DB,
      DB_SCHEMA: caseSchema,
      DEFAULT_COUNTRY: 'NL',
    });
    app = await createNotificationService(
      loadNotificationConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
        QUEUE_PREFIX: queuePrefix,
        CASE_SERVICE_URL: cases.url,
        SMTP_URL: mail.url,
        SMS_PROVIDER_URL: sms.url,
        SMS_PROVIDER_TOKEN: 'test-sms-token',
        SMS_INBOUND_TOKEN: INBOUND,
        PUBLIC_URL: 'http://city.example',
        PORTAL_URL: 'http://portal.example',
        OPT_OUT_SECRET: 'a-test-secret-of-some-length',
        DELIVERY_ATTEMPTS: '4',
        DELIVERY_BACKOFF_MS: '200',
        ...roomyRateLimits(),
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    for (let i = 0; i < 300 && (await fetch(`${url}/health/ready`)).status !== 200; i++) await sleep(100);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await cases?.stop();
    await Promise.all([deadLetters?.stop(), publisher.close(), mail.stop(), sms.stop()]);
    await removeTestState({
      kafka,
      topicPrefix: prefix,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      queuePrefix,
      databaseUrl: TEST_DB,
      schemas: [schema, caseSchema],
    });
  });

  it('by email: once resolved, one question with a signed link; opening it records nothing, the score is recorded on the case as answered by email; resolved again, not asked again', async () => {
    const e = request();
    const email = e.payload.contact!.email!;
    const reference = e.payload.reference;
    await openCase(e);
    await resolve(reference);

    const asked = await mail.waitFor(
      (m) => m.to.includes(email) && m.subject.startsWith('How did we do?'),
      20_000,
    );
    expect(asked.text).toContain(`How satisfied are you with how we handled your request ${reference}`);
    const token = link(asked.text);
    expect(token.startsWith(`${reference}.`)).toBe(true);

    // Opening the link (a mail scanner does) shows the question and records nothing.
    const opened = await call(`/api/v1/satisfaction/${token}`);
    expect(opened).toEqual({
      status: 200,
      body: { reference, open: true, openUntil: expect.any(String), answer: null },
    });
    expect((await caseView(reference)).satisfaction).toBeNull();

    // Bad input and forged links change nothing; the forged and the unknown are the same 404.
    const post = (t: string, body: unknown) =>
      call(`/api/v1/satisfaction/${t}`, { method: 'POST', body: JSON.stringify(body) });
    const bad = await post(token, { score: 7 });
    expect([bad.status, bad.body.errors]).toEqual([400, [expect.objectContaining({ field: 'score' })]]);
    expect((await post(token, { score: 3, via: 'portal' })).status).toBe(400);
    const [, mac] = token.split('.');
    const forged = await post(`${reference.slice(0, -1)}${reference.endsWith('X') ? 'Y' : 'X'}.${mac}`, {
      score: 1,
    });
    const changed = await post(`${reference}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, {
      score: 1,
    });
    expect([forged.status, forged.body.message, changed.status, changed.body.message]).toEqual([
      404,
      'This link is not valid.',
      404,
      'This link is not valid.',
    ]);
    expect((await caseView(reference)).satisfaction).toBeNull();

    const answered = await post(token, { score: 4 });
    expect(answered).toEqual({
      status: 200,
      body: {
        reference,
        open: true,
        openUntil: opened.body.openUntil,
        answer: { score: 4, via: 'email', at: expect.any(String) },
      },
    });
    const view = await caseView(reference);
    expect(view.satisfaction).toMatchObject({ score: 4, via: 'email' });
    expect(view.timeline.filter((t: { kind: string }) => t.kind === 'satisfaction-recorded')).toEqual([
      expect.objectContaining({
        actor: 'citizen:self-service via notification-service',
        channel: 'email',
        summary: 'Satisfaction: 4 of 5 (satisfied), by the emailed link',
      }),
    ]);

    // Reopened and resolved again: no second question. The SatisfactionRecorded the case record
    // published was read by this service's consumer and not dead-lettered.
    await change(reference, 'status', { status: 'open', reason: 'Still a hole' });
    await resolve(reference);
    await barrier(reference, email);
    expect(mail.to(email).filter((m) => m.subject.startsWith('How did we do?'))).toHaveLength(1);
    expect(
      deadLetters.filter((m) => m.key === view.case.id).map((m) => m.json<{ type: string }>().type),
    ).toEqual([]);
  }, 90_000);

  it('by text: "reply 1 to 5"; a reply of a digit from that number is the answer for the request last asked of it, anything else records nothing', async () => {
    const number = phone();
    const e = request({
      preferredChannel: 'sms',
      contact: { ...requestReceivedV1.example.payload.contact!, email: null, phone: number },
    });
    const reference = e.payload.reference;
    await openCase(e);
    await resolve(reference);

    const asked = await sms.waitFor((m) => m.to === number && m.text.includes('Reply with a number'), 20_000);
    expect(asked.text).toBe(
      `City: how satisfied are you with how we handled ${reference}? Reply with a number from 1 (very dissatisfied) to 5 (very satisfied). Reply STOP to stop updates.`,
    );
    expect(await inbound(number, 'Thanks, all good')).toEqual({
      status: 200,
      body: { optedOut: false, satisfaction: null },
    });
    expect(await inbound(phone(), '5')).toEqual({
      status: 200,
      body: { optedOut: false, satisfaction: null },
    });
    expect((await caseView(reference)).satisfaction).toBeNull();

    expect(await inbound(number, ' 5 ')).toEqual({
      status: 200,
      body: { optedOut: false, satisfaction: { reference, score: 5, recorded: true } },
    });
    const view = await caseView(reference);
    expect(view.satisfaction).toMatchObject({ score: 5, via: 'sms' });
    expect(view.timeline.at(-1)).toMatchObject({
      kind: 'satisfaction-recorded',
      channel: 'sms',
      summary: 'Satisfaction: 5 of 5 (very satisfied), by text reply',
    });
    // Without the provider's own token, nothing is read.
    const r = await call('/api/v1/sms/inbound', {
      method: 'POST',
      body: JSON.stringify({ from: number, text: '1' }),
    });
    expect(r.status).toBe(401);
    expect((await caseView(reference)).satisfaction.score).toBe(5);
  }, 90_000);

  it('not asked of someone who opted out', async () => {
    const e = request({ preferredChannel: 'email' });
    const email = e.payload.contact!.email!;
    const view = await openCase(e);
    await agent(`/api/v1/citizens/${view.citizen.id}/preferences`, {
      method: 'PUT',
      body: JSON.stringify({ consentUpdates: false, reason: 'Asked on the phone' }),
    });
    await resolve(e.payload.reference);
    // The opt-out is on the case's timeline for the agent: the question was not sent, and why.
    for (let i = 0; i < 300; i++) {
      const v = await caseView(e.payload.reference);
      if (v.timeline.some((t: { kind: string }) => t.kind === 'message-not-sent')) break;
      await sleep(100);
    }
    const notSent = (await caseView(e.payload.reference)).timeline.filter(
      (t: { kind: string }) => t.kind === 'message-not-sent',
    );
    expect(notSent).toEqual([
      expect.objectContaining({ summary: expect.stringContaining('satisfaction-survey') }),
    ]);
    expect(mail.to(email)).toEqual([]);
  }, 60_000);
});
