import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import {
  allTopicSpecs,
  citizenNotificationRequestedV1,
  createEnvelope,
  TOPICS,
  type RequestReceivedV1,
} from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import { createIdempotentProducer, createKafka, ensureTopics, EventPublisher } from '@city/platform-kafka';
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
  uniquePrefix,
  until,
  type RunningApp,
} from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';
import { DeliveryQueue } from '../src/delivery/delivery-queue.processor';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const CITIES = 'default,other-city';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const phone = () => `+316${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
type Agent = 'agent-17' | 'agent-other';
const agentOf = (city: string): Agent => (city === 'other-city' ? 'agent-other' : 'agent-17');

/**
 * One notification-service serving two cities (issue 15, docs/multi-tenancy.md), with the real case
 * record serving the same two: each message is sent for its own city's case, its links and replies
 * find their way back to that city's record, and each city's staff and portal see only their city's
 * messages. Over HTTP, with real tokens, mail and an SMS stand-in.
 */
describe('notification-service: two cities on one service (real Kafka, Postgres, Redis, Keycloak, SMTP)', () => {
  const prefix = uniquePrefix('ns-cities');
  const caseSchema = `ns_cities_case_${randomUUID().slice(0, 8)}`;
  const schema = `ns_cities_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `ns-cities-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'ns-cities-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 50,
    ackTimeoutMs: 10_000,
  });
  const mail = new MailSink();
  const sms = new SmsStandIn('test-sms-token');
  let cases: RunningApp;
  let app: NestFastifyApplication;
  let url: string;

  const as = async (who: Agent, u: string) => {
    const r = await fetch(u, { headers: await asUser(who) });
    return { status: r.status, body: await r.json() };
  };
  /** A request of a city, from a citizen of their own who wants email (or texts, given a phone). */
  const request = (city: string, over: { phone?: string } = {}): RequestReceivedV1 => {
    const e = requestReceived({ tenantId: city, language: 'en' });
    return requestReceived({
      tenantId: city,
      language: 'en',
      ...(over.phone ? { preferredChannel: 'sms' } : {}),
      contact: {
        ...e.payload.contact!,
        email: over.phone ? null : `${randomUUID().slice(0, 8)}@example.org`,
        phone: over.phone ?? null,
      },
    });
  };
  /** The request becomes a case in the real case record; its city's agent's view of it. */
  const openCase = async (e: RequestReceivedV1) => {
    await publisher.publish(prefix + TOPICS.intakeRequests, `${e.tenantId}:${e.payload.idempotencyKey}`, e);
    for (let i = 0; i < 300; i++) {
      const r = await as(agentOf(e.tenantId), `${cases.url}/api/v1/cases/${e.payload.reference}`);
      if (r.status === 200)
        return r.body as { case: { id: string; reference: string }; citizen: { id: string } };
      await sleep(50);
    }
    throw new Error(`case ${e.payload.reference} not opened`);
  };
  /** The workflow-service tells the citizen of a city's case something. */
  const tell = async (city: string, view: { case: { id: string; reference: string } }, template: string) => {
    const e = createEnvelope(citizenNotificationRequestedV1, {
      tenantId: city,
      correlationId: randomUUID(),
      payload: {
        caseId: view.case.id,
        reference: view.case.reference,
        at: new Date().toISOString(),
        template,
        workflow: 'field-report',
        step: 'tell',
      },
    });
    await publisher.publish(prefix + TOPICS.workflowEvents, view.case.id, e);
  };
  const consentOf = async (city: string, citizenId: string) =>
    (await as(agentOf(city), `${cases.url}/api/v1/citizens/${citizenId}`)).body.citizen
      .consentUpdates as boolean;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    for (const city of CITIES.split(','))
      await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue(), city);
    await Promise.all([mail.start(), sms.start()]);
    cases = await startApp('case-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DB,
      DB_SCHEMA: caseSchema,
      DEFAULT_COUNTRY: 'NL',
      CITIES,
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
        SMS_INBOUND_TOKEN: 'test-sms-inbound-token',
        PUBLIC_URL: 'http://city.example',
        OPT_OUT_SECRET: 'a-test-secret-of-some-length',
        DELIVERY_ATTEMPTS: '4',
        DELIVERY_BACKOFF_MS: '200',
        CITIES,
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
    await Promise.all([publisher.close(), mail.stop(), sms.stop()]);
    await removeTestState({
      kafka,
      topicPrefix: prefix,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      queuePrefix,
      databaseUrl: TEST_DB,
      schemas: [schema, caseSchema],
    });
  });

  it("another city's message reaches its citizen; that city's agents and portal see it, ours do not; its opt-out link opts out on that city's record", async () => {
    const e = request('other-city');
    const email = e.payload.contact!.email!;
    const view = await openCase(e);
    await tell('other-city', view, 'report-received');
    const m = await mail.waitFor((x) => x.to.includes(email));
    expect(m.subject).toContain(e.payload.reference);
    // In that city's own words (cities/other-city/templates: its signature), not ours.
    expect(m.text).toContain('City of Gothenburg');
    expect(m.text).not.toContain('Rotterdam');

    const messagesAs = async (who: Agent) => {
      for (let i = 0; i < 100; i++) {
        const r = await as(who, `${url}/api/v1/cases/${e.payload.reference}/messages`);
        if (who === 'agent-17' || r.body.messages.length > 0) return r.body;
        await sleep(50);
      }
      throw new Error('no messages recorded');
    };
    expect(
      (await messagesAs('agent-other')).messages.map((d: { medium: string }) => d.medium).sort(),
    ).toEqual(['email', 'portal']);
    expect(await messagesAs('agent-17')).toMatchObject({ messages: [], pending: [] });
    const ofCitizen = `${url}/api/v1/citizens/${view.citizen.id}/messages`;
    expect((await as('agent-other', ofCitizen)).body.messages).toHaveLength(2);
    expect((await as('agent-17', ofCitizen)).body.messages).toEqual([]);

    // The portal of each city names it; only the case's own city finds the request.
    const inbox = (city?: string) =>
      fetch(`${url}/api/v1/inbox?reference=${e.payload.reference}&email=${encodeURIComponent(email)}`, {
        headers: city ? { 'X-City': city } : {},
      });
    const theirs = await inbox('other-city');
    expect(theirs.status).toBe(200);
    expect((await theirs.json()).messages).toEqual([expect.objectContaining({ subject: m.subject })]);
    expect((await inbox('default')).status).toBe(404);
    const none = await inbox();
    expect(none.status).toBe(400);
    expect((await none.json()).errors).toEqual([expect.objectContaining({ field: 'X-City' })]);
    expect((await inbox('a-city-not-served')).status).toBe(400);

    // The link does not name its city: the city that signed it is the one whose record changes.
    const link = /http:\/\/city\.example(\/api\/v1\/opt-out\/\S+)/.exec(m.text)![1];
    expect(await consentOf('other-city', view.citizen.id)).toBe(true);
    expect((await fetch(`${url}${link}`, { method: 'POST' })).status).toBe(200);
    expect(await consentOf('other-city', view.citizen.id)).toBe(false);
  });

  it('a STOP reply answers the city whose text last went to that number: a citizen with the same number in the other city still hears', async () => {
    const number = phone();
    const [ours, theirs] = [request('default', { phone: number }), request('other-city', { phone: number })];
    const [ourView, theirView] = [await openCase(ours), await openCase(theirs)];
    await tell('other-city', theirView, 'report-received');
    await sms.waitFor((x) => x.to === number);
    // The text is on record once the provider took it: a reply before that would answer no city
    // (and so every city, by design). Wait for the record, as a citizen's reply always comes after.
    await until(
      "the text on Göteborg's record",
      async () => (await as('agent-other', `${url}/api/v1/cases/${theirs.payload.reference}/messages`)).body,
      (b: { messages: Array<{ medium: string }> }) => b.messages.some((d) => d.medium === 'sms'),
      20_000,
      50,
    );

    const r = await fetch(`${url}/api/v1/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-sms-inbound-token' },
      body: JSON.stringify({ from: number, text: 'STOP' }),
    });
    expect(await r.json()).toEqual({ optedOut: true, satisfaction: null });
    expect(await consentOf('other-city', theirView.citizen.id)).toBe(false);
    expect(await consentOf('default', ourView.citizen.id)).toBe(true);

    await tell('default', ourView, 'report-received');
    const texts = async () => sms.to(number).length;
    for (let i = 0; i < 200 && (await texts()) < 2; i++) await sleep(50);
    expect(await texts()).toBe(2);
  });

  it('after Redis has lost every job, the reconciler sends what is owed in every city served, once', async () => {
    const [ours, theirs] = [request('default'), request('other-city')];
    const views = [await openCase(ours), await openCase(theirs)];
    mail.refuse(50, 451); // the mail server is away: both messages wait in their backoff
    await tell('default', views[0], 'report-received');
    await tell('other-city', views[1], 'report-received');
    const owed = async (e: RequestReceivedV1) =>
      (await as(agentOf(e.tenantId), `${url}/api/v1/cases/${e.payload.reference}/messages`)).body
        .pending as Array<{
        lastError: string | null;
      }>;
    for (const e of [ours, theirs])
      for (let i = 0; i < 100 && !(await owed(e))[0]?.lastError; i++) await sleep(100);
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    // A retry the worker had already fetched when its job went is refused too (the mail server is
    // still away), so both messages are owed with no job left, however slow the machine.
    await sleep(1_500);
    mail.accept();

    expect(await app.get(DeliveryQueue).reconcile()).toBeGreaterThanOrEqual(2);
    for (const e of [ours, theirs]) await mail.waitFor((x) => x.to.includes(e.payload.contact!.email!));
    // The mail server has them before the service records them as sent.
    for (const e of [ours, theirs])
      await until(
        'the delivery recorded',
        () => owed(e),
        (p) => p.length === 0,
      );
    await sleep(1_000); // time for a message queued again to be sent twice
    for (const e of [ours, theirs]) {
      expect(mail.to(e.payload.contact!.email!)).toHaveLength(1);
      expect(await owed(e)).toEqual([]);
    }
  });
});
