import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import {
  allTopicSpecs,
  citizenNotificationRequestedV1,
  createEnvelope,
  informationRequestedV1,
  requestReceivedV1,
  TOPICS,
  type CitizenNotifiedV1,
  type RequestReceivedV1,
  type RequestReceivedV1Payload,
} from '@city/contracts';
import { referenceFromKey } from '@city/domain-intake';
import { assertTestDatabase, dataSourceOptions } from '@city/platform-database';
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
  requestReceived,
  pendingSchemaChanges,
  serviceTokenOf,
  publishServices,
  removeTestState,
  repositoryCatalogue,
  roomyRateLimits,
  SmsStandIn,
  startApp,
  until,
  type RunningApp,
} from '@city/platform-testing';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '../src/app.module';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';
import { DeliveryQueue } from '../src/delivery/delivery-queue.processor';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const phone = () => `+316${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A request as the gateway puts it on the topic; each citizen new (with a phone too), each report somewhere of its own unless told. */
const request = (over: Partial<RequestReceivedV1Payload> = {}): RequestReceivedV1 =>
  requestReceived({
    contact: {
      ...requestReceivedV1.example.payload.contact!,
      email: `${randomUUID().slice(0, 8)}@example.org`,
      phone: phone(),
    },
    ...over,
  });

describe('notification-service: the citizen hears on their channel, in their language (real Kafka, Postgres, Redis, SMTP and an SMS stand-in)', () => {
  const prefix = uniquePrefix('ns');
  const caseSchema = `ns_case_${randomUUID().slice(0, 8)}`;
  const schema = `ns_test_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `ns-test-${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'ns-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  const mail = new MailSink();
  const sms = new SmsStandIn('test-sms-token');
  let cases: RunningApp;
  let app: NestFastifyApplication;
  let caseUrl: string;
  let url: string;
  let facts: TopicProbe;

  const listen = async (a: NestFastifyApplication) => {
    await a.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(a.getHttpServer().address() as { port: number }).port}`;
  };
  /** A read as agent-17, signed in (public routes ignore the token). */
  const get = async (u: string) => {
    const r = await fetch(u, { headers: await asUser('agent-17') });
    return { status: r.status, body: await r.json() };
  };
  /** A request becomes a case in the real case-service; returns the agent's view of it. */
  const openCase = async (e: RequestReceivedV1) => {
    await publisher.publish(prefix + TOPICS.intakeRequests, `default:${e.payload.idempotencyKey}`, e);
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${caseUrl}/api/v1/cases/${e.payload.reference}`, {
        headers: await asUser('agent-17'),
      });
      if (r.status === 200) return r.json();
      await sleep(50);
    }
    throw new Error(`case ${e.payload.reference} not opened`);
  };
  /** What the workflow-service publishes when a step tells the citizen something. */
  const tell = async (
    view: { case: { id: string; reference: string } },
    template: string,
    contract:
      typeof citizenNotificationRequestedV1 | typeof informationRequestedV1 = citizenNotificationRequestedV1,
  ) => {
    const e = createEnvelope(contract as typeof citizenNotificationRequestedV1, {
      tenantId: 'default',
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
    await publisher.publish(prefix + TOPICS.workflowEvents, view.case.id, e as never);
    return e;
  };
  const timelineOf = async (reference: string, kind: string, count = 1) => {
    for (let i = 0; i < 300; i++) {
      const v = await (
        await fetch(`${caseUrl}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') })
      ).json();
      const hits = v.timeline.filter((t: { kind: string }) => t.kind === kind);
      if (hits.length >= count) return { view: v, hits };
      await sleep(50);
    }
    throw new Error(`no ${kind} on the timeline of ${reference}`);
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    await Promise.all([mail.start(), sms.start()]);
    facts = await new TopicProbe(kafka, prefix + TOPICS.notificationEvents).start();
    const level = process.env.TEST_LOG_LEVEL ?? 'silent';
    // The real case record, as its own process: who hears a message, and the timeline it ends on.
    cases = await startApp('case-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DB,
      DB_SCHEMA: caseSchema,
      DEFAULT_COUNTRY: 'NL',
    });
    caseUrl = cases.url;
    app = await createNotificationService(
      loadNotificationConfig({
        LOG_LEVEL: level,
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
        QUEUE_PREFIX: queuePrefix,
        CASE_SERVICE_URL: caseUrl,
        SMTP_URL: mail.url,
        SMS_PROVIDER_URL: sms.url,
        SMS_PROVIDER_TOKEN: 'test-sms-token',
        SMS_INBOUND_TOKEN: 'test-sms-inbound-token',
        PUBLIC_URL: 'http://city.example',
        OPT_OUT_SECRET: 'a-test-secret-of-some-length',
        DELIVERY_ATTEMPTS: '4',
        DELIVERY_BACKOFF_MS: '200',
        ...roomyRateLimits(),
      }),
    );
    url = await listen(app);
    for (let i = 0; i < 300 && (await fetch(`${url}/health/ready`)).status !== 200; i++) await sleep(100);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await cases?.stop();
    await Promise.all([facts?.stop(), publisher.close(), mail.stop(), sms.stop()]);
    await removeTestState({
      kafka,
      topicPrefix: prefix,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      queuePrefix,
      databaseUrl: TEST_DB,
      schemas: [schema, caseSchema],
    });
  });

  it('the committed migrations build exactly the schema the entities describe', async () => {
    expect(
      await pendingSchemaChanges(
        dataSourceOptions({
          url: TEST_DB,
          schema,
          entities: NOTIFICATION_ENTITIES,
          migrations: NOTIFICATION_MIGRATIONS,
        }),
      ),
    ).toEqual([]);
  });

  it('"received" reaches a Dutch citizen by email in Dutch, with the reference and an opt-out link; it is on the case timeline, the citizen\'s record and their portal inbox, once', async () => {
    const e = request();
    const view = await openCase(e);
    const email = e.payload.contact!.email!;
    const fact = await tell(view, 'report-received');
    const m = await mail.waitFor((x) => x.to.includes(email));
    expect(m.subject).toBe(`Wij hebben uw melding ${e.payload.reference} ontvangen: Gat in de weg`);
    expect(m.text).toMatch(/^Beste Anna,/);
    expect(m.text).toContain(`Uw referentie is ${e.payload.reference}`);
    expect(m.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/city\.example\/api\/v1\/opt-out\//m);
    expect(m.text).toMatch(/http:\/\/city\.example\/api\/v1\/opt-out\/[0-9a-f-]{36}\.[\w-]{24}/);

    const sent = await facts.waitFor(
      (x) => x.json<CitizenNotifiedV1>().payload.reference === e.payload.reference,
    );
    expect(sent.key).toBe(view.case.id);
    expect(sent.json<CitizenNotifiedV1>()).toMatchObject({
      type: 'CitizenNotified',
      causationId: fact.eventId,
      payload: {
        medium: 'email',
        address: email,
        language: 'nl',
        template: 'report-received',
        citizenId: view.citizen.id,
        attempts: 1,
      },
    });
    const { view: after, hits } = await timelineOf(e.payload.reference, 'message-sent');
    expect(hits[0]).toMatchObject({
      actor: 'notification-service',
      channel: 'email',
      summary: `Email sent to ${email}: ${m.subject}`,
    });
    expect(after.interactions).toContainEqual(
      expect.objectContaining({
        direction: 'outbound',
        kind: 'outbound-message',
        channel: 'email',
        handledBy: 'notification-service',
      }),
    );
    const citizen = (await get(`${caseUrl}/api/v1/citizens/${view.citizen.id}`)).body;
    expect(citizen.interactions.map((i: { kind: string }) => i.kind)).toContain('outbound-message');

    // The portal inbox keeps a copy; the citizen reads it with the reference and the email they gave.
    const inbox = await get(`${url}/api/v1/inbox?reference=${e.payload.reference}&email=${email}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.messages).toEqual([
      expect.objectContaining({ reference: e.payload.reference, subject: m.subject, language: 'nl' }),
    ]);
    expect(
      (await get(`${url}/api/v1/inbox?reference=${e.payload.reference}&email=someone-else@example.org`))
        .status,
    ).toBe(404);

    // The same fact again (a redelivery, a replay) owes nothing more.
    await publisher.publish(prefix + TOPICS.workflowEvents, view.case.id, fact as never);
    await sleep(1_500);
    expect(mail.to(email)).toHaveLength(1);
    const messages = (await get(`${url}/api/v1/cases/${e.payload.reference}/messages`)).body;
    expect(
      messages.messages.map((d: { medium: string; outcome: string }) => `${d.medium}:${d.outcome}`).sort(),
    ).toEqual(['email:sent', 'portal:sent']);
    expect(messages.pending).toEqual([]);
  });

  it('a Swedish citizen who chose text messages gets an SMS in Swedish; a provider that is busy twice is tried again with backoff and the text goes once', async () => {
    const e = request({
      preferredChannel: 'sms',
      language: 'sv',
      contact: { firstName: 'Lars', lastName: 'Berg', email: null, phone: phone(), address: null },
    });
    const view = await openCase(e);
    sms.fail(2, 503);
    await tell(view, 'send-proof-of-address', informationRequestedV1);
    const text = await sms.waitFor((x) => x.to === e.payload.contact!.phone);
    expect(text.text).toContain(`för ${e.payload.reference}`);
    expect(text.text).toMatch(/Svara STOPP/);
    expect(text.authorization).toBe('Bearer test-sms-token');
    const sent = await facts.waitFor(
      (x) =>
        x.json<CitizenNotifiedV1>().payload.reference === e.payload.reference &&
        x.json<CitizenNotifiedV1>().payload.medium === 'sms',
    );
    expect(sent.json<CitizenNotifiedV1>().payload).toMatchObject({
      language: 'sv',
      address: e.payload.contact!.phone,
      attempts: 3,
      template: 'send-proof-of-address',
    });
    await sleep(500);
    expect(sms.to(e.payload.contact!.phone!)).toHaveLength(1);
    await timelineOf(e.payload.reference, 'message-sent');
  });

  it('a mail server that refuses an address for good (550) is not asked again: the message is undeliverable, and the agent sees it on the timeline', async () => {
    const e = request({ language: 'en', preferredChannel: 'email' });
    const view = await openCase(e);
    mail.refuse(1, 550);
    await tell(view, 'report-received');
    const { hits } = await timelineOf(e.payload.reference, 'message-not-sent');
    expect(hits[0].summary).toMatch(
      /^Email "report-received" not sent: it could not be delivered \(mail server answered 550/,
    );
    const messages = (await get(`${url}/api/v1/cases/${e.payload.reference}/messages`)).body;
    expect(messages.messages.find((d: { medium: string }) => d.medium === 'email')).toMatchObject({
      outcome: 'undeliverable',
      attempts: 1,
    });
    expect(mail.to(e.payload.contact!.email!)).toHaveLength(0);
  });

  it('a report linked to an open one tells its reporter the reference to follow; the fix is told to both reporters, each in their own language', async () => {
    const here = {
      lat: 52.1 + Math.random(),
      long: 5 + Math.random(),
      address: 'Blaak 1, Rotterdam',
      propertyId: null,
    };
    const first = request({ location: here, language: 'en' });
    const original = await openCase(first);
    const second = request({
      location: here,
      language: 'sv',
      contact: {
        firstName: 'Karin',
        lastName: 'Ek',
        email: `${randomUUID().slice(0, 8)}@example.se`,
        phone: null,
        address: null,
      },
    });
    const dup = await openCase(second);
    expect(dup.case.status).toBe('duplicate');
    const told = await mail.waitFor((x) => x.to.includes(second.payload.contact!.email!));
    expect(told.subject).toBe(`Redan anmält: Potthål (${second.payload.reference})`);
    expect(told.text).toContain(first.payload.reference);

    await tell(original, 'report-resolved');
    const a = await mail.waitFor(
      (x) => x.to.includes(first.payload.contact!.email!) && x.subject.startsWith('Fixed'),
    );
    const b = await mail.waitFor(
      (x) => x.to.includes(second.payload.contact!.email!) && x.subject.startsWith('Åtgärdat'),
    );
    expect(a.subject).toBe(`Fixed: Pothole (${first.payload.reference})`);
    expect(b.subject).toBe(`Åtgärdat: Potthål (${first.payload.reference})`);
  });

  it("the opt-out is honoured: the email's link asks first, then records it on the citizen; later messages are not sent and the timeline says why; a STOP reply to a text does the same", async () => {
    const e = request({ language: 'en' });
    const view = await openCase(e);
    await tell(view, 'report-received');
    const m = await mail.waitFor((x) => x.to.includes(e.payload.contact!.email!));
    const link = /http:\/\/city\.example(\/api\/v1\/opt-out\/\S+)/.exec(m.text)![1];
    const page = await fetch(`${url}${link}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect((await get(`${caseUrl}/api/v1/citizens/${view.citizen.id}`)).body.citizen.consentUpdates).toBe(
      true,
    ); // opening the link is not opting out
    expect((await fetch(`${url}${link.slice(0, -3)}abc`, { method: 'POST' })).status).toBe(404);
    expect(
      (
        await fetch(`${url}${link}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        })
      ).status,
    ).toBe(200);
    const citizen = (await get(`${caseUrl}/api/v1/citizens/${view.citizen.id}`)).body;
    expect(citizen.citizen.consentUpdates).toBe(false);
    expect(citizen.interactions).toContainEqual(
      expect.objectContaining({
        kind: 'preferences-change',
        summary: 'Opted out of updates: opt-out link in an email',
        handledBy: 'citizen:self-service via notification-service',
      }),
    );

    await tell(view, 'report-resolved');
    const { hits } = await timelineOf(e.payload.reference, 'message-not-sent');
    expect(hits[0].summary).toBe('Email "report-resolved" not sent: the citizen opted out of updates');
    await sleep(500);
    expect(mail.to(e.payload.contact!.email!)).toHaveLength(1);
    expect(
      (await get(`${url}/api/v1/inbox?reference=${e.payload.reference}&email=${e.payload.contact!.email}`))
        .body.messages,
    ).toHaveLength(1);

    // A text-message citizen replies STOP: the provider's webhook opts them out by their number.
    const t = request({
      preferredChannel: 'sms',
      contact: { firstName: 'Piet', lastName: null, email: null, phone: phone(), address: null },
    });
    const tv = await openCase(t);
    const stop = (headers: Record<string, string>) =>
      fetch(`${url}/api/v1/sms/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ from: t.payload.contact!.phone, text: 'STOP' }),
      });
    expect((await stop({})).status).toBe(401);
    const r = await stop({ authorization: 'Bearer test-sms-inbound-token' });
    expect(await r.json()).toEqual({ optedOut: true, satisfaction: null });
    await tell(tv, 'report-received');
    const notSent = await timelineOf(t.payload.reference, 'message-not-sent');
    expect(notSent.hits[0].summary).toBe(
      'Text message "report-received" not sent: the citizen opted out of updates',
    );
    expect(sms.to(t.payload.contact!.phone!)).toHaveLength(0);
  });

  it("the SMS provider's reply webhook takes its own inbound token only: not the token texts are sent with, not none, not a near miss", async () => {
    const reply = (authorization?: string) =>
      fetch(`${url}/api/v1/sms/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ from: phone(), text: 'Thanks, see you Tuesday' }),
      });
    for (const wrong of [
      undefined,
      'Bearer test-sms-token',
      'Bearer test-sms-inbound-toke',
      'Bearer test-sms-inbound-token-but-longer',
      'test-sms-inbound-token',
    ]) {
      const r = await reply(wrong);
      expect({ wrong, status: r.status }).toEqual({ wrong, status: 401 });
    }
    const ok = await reply('Bearer test-sms-inbound-token');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ optedOut: false, satisfaction: null });
  });

  it('after Redis has lost every job, the reconciler sends each message owed, once', async () => {
    const e = request({ language: 'en' });
    const view = await openCase(e);
    mail.refuse(50, 451); // the mail server is away: the message waits in its backoff
    await tell(view, 'report-received');
    const owed = async () => (await get(`${url}/api/v1/cases/${e.payload.reference}/messages`)).body.pending;
    for (let i = 0; i < 100 && !(await owed())[0]?.lastError; i++) await sleep(100);
    expect((await owed())[0]).toMatchObject({
      template: 'report-received',
      lastError: expect.stringContaining('451'),
    });
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${queuePrefix}:*`);
    await redis.del(...keys);
    redis.disconnect();
    mail.accept();
    await app.get(DeliveryQueue).reconcile();
    await mail.waitFor((x) => x.to.includes(e.payload.contact!.email!));
    // The mail server has it before the service records it as sent: awaited, then a reconcile finds nothing owed.
    expect(await until('the delivery recorded', owed, (p: unknown[]) => p.length === 0)).toEqual([]);
    await app.get(DeliveryQueue).reconcile();
    await sleep(1_500); // time for a message queued again to be sent twice
    expect(mail.to(e.payload.contact!.email!)).toHaveLength(1);
    expect(await owed()).toEqual([]);
  });

  it('bad input gets a clear error and changes nothing', async () => {
    const noContact = await get(`${url}/api/v1/inbox?reference=${referenceFromKey('default', 'web:nobody')}`);
    expect(noContact.status).toBe(400);
    expect(noContact.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    expect((await get(`${url}/api/v1/inbox?reference=nonsense&email=a@example.org`)).body.errors).toEqual([
      expect.objectContaining({ field: 'reference' }),
    ]);
    expect((await get(`${url}/api/v1/citizens/not-a-uuid/messages`)).status).toBe(400);
    expect((await fetch(`${url}/api/v1/opt-out/${randomUUID()}.AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    const noText = await fetch(`${url}/api/v1/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-sms-inbound-token' },
      body: JSON.stringify({ from: '+31600000000' }),
    });
    expect(noText.status).toBe(400);
    const consent = await fetch(`${caseUrl}/api/v1/citizens/preferences`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await serviceTokenOf('notification-service')}`,
      },
      body: JSON.stringify({ consentUpdates: false }),
    });
    expect(consent.status).toBe(400);
    expect((await consent.json()).errors).toEqual([expect.objectContaining({ field: 'phone' })]);
  });
});
