import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs, TOPICS, type RequestReceivedV1 } from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import { createIdempotentProducer, createKafka, ensureTopics, EventPublisher } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  publishServices,
  removeTestState,
  repositoryCatalogue,
  requestReceived,
  roomyRateLimits,
  serviceTokenOf,
  uniquePrefix,
} from '@city/platform-testing';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * One case-service serving two cities (issue 15, docs/multi-tenancy.md): each city's staff see only
 * their city's cases, whatever they ask for; an anonymous caller and a platform service name the
 * city of each call, and a city the service does not serve is refused. Over HTTP, with real tokens.
 */
describe('case-service: two cities on one service (real Kafka, Postgres, Keycloak)', () => {
  const prefix = uniquePrefix('cities');
  const schema = `case_cities_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'cities-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 50,
    ackTimeoutMs: 10_000,
  });
  let app: NestFastifyApplication;
  let url: string;
  const email = { ours: `${randomUUID()}@example.org`, theirs: `${randomUUID()}@example.org` };
  let ours: RequestReceivedV1;
  let theirs: RequestReceivedV1;

  const get = async (path: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { headers });
  const visible = async (reference: string, as: 'agent-17' | 'agent-other') => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await get(`/api/v1/cases/${reference}`, await asUser(as));
      if (r.status === 200) return r.json();
      if (Date.now() > deadline) throw new Error(`case ${reference} not visible to ${as}: ${r.status}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    app = await createCaseService(
      loadCaseConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
        CITIES: 'default,other-city',
        ...roomyRateLimits(),
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    // The same idempotency key in both cities: two requests, two cases, one per city.
    const key = `web:${randomUUID()}`;
    ours = requestReceived({ key, contact: { ...requestReceived().payload.contact!, email: email.ours } });
    theirs = requestReceived({
      key,
      tenantId: 'other-city',
      contact: { ...requestReceived().payload.contact!, email: email.theirs },
    });
    for (const e of [ours, theirs])
      await publisher.publish(prefix + TOPICS.intakeRequests, `${e.tenantId}:${e.payload.idempotencyKey}`, e);
    await visible(ours.payload.reference, 'agent-17');
    await visible(theirs.payload.reference, 'agent-other');
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
  });

  it("each city's agents read and search their own city's cases only; another city's case is as absent as none", async () => {
    const [a, b] = [ours.payload.reference, theirs.payload.reference];
    expect((await visible(b, 'agent-other')).case.reference).toBe(b);
    expect((await get(`/api/v1/cases/${b}`, await asUser('agent-17'))).status).toBe(404);
    expect((await get(`/api/v1/cases/${a}`, await asUser('agent-other'))).status).toBe(404);

    const search = async (as: 'agent-17' | 'agent-other', q: string) =>
      (
        (await (await get(`/api/v1/cases?${q}`, await asUser(as))).json()) as {
          cases: Array<{ reference: string }>;
        }
      ).cases.map((c) => c.reference);
    expect(await search('agent-17', `email=${email.theirs}`)).toEqual([]);
    expect(await search('agent-other', `email=${email.theirs}`)).toEqual([b]);
    expect(await search('agent-other', `email=${email.ours}`)).toEqual([]);

    // A note by another city's agent on our case: refused as no such case, and nothing written.
    const note = await fetch(`${url}/api/v1/cases/${a}/notes`, {
      method: 'POST',
      headers: { ...(await asUser('agent-other')), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Not ours to write', visibility: 'internal' }),
    });
    expect(note.status).toBe(404);
    const timeline = (await visible(a, 'agent-17')).timeline as Array<{ kind: string }>;
    expect(timeline.map((t) => t.kind)).not.toContain('note-added');
  });

  it("an agent cannot step into another city by naming it: the token's city decides", async () => {
    const r = await get(`/api/v1/cases/${theirs.payload.reference}`, {
      ...(await asUser('agent-17')),
      'X-City': 'other-city',
    });
    expect(r.status).toBe(404);
  });

  it('an anonymous look-up names its city (the city portal does); a city not served, or none when several are, is refused naming X-City', async () => {
    const lookUp = (reference: string, mail: string, city?: string) =>
      get(`/api/v1/requests/${reference}?email=${encodeURIComponent(mail)}`, city ? { 'X-City': city } : {});
    const found = await lookUp(theirs.payload.reference, email.theirs, 'other-city');
    expect(found.status).toBe(200);
    expect((await found.json()).reference).toBe(theirs.payload.reference);
    expect((await lookUp(theirs.payload.reference, email.theirs, 'default')).status).toBe(404);
    expect((await lookUp(ours.payload.reference, email.ours, 'default')).status).toBe(200);

    const none = await lookUp(ours.payload.reference, email.ours);
    expect(none.status).toBe(400);
    expect((await none.json()).errors).toEqual([
      { field: 'X-City', reason: 'required: one of default, other-city' },
    ]);
    const unknown = await lookUp(ours.payload.reference, email.ours, 'rivertown');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors).toEqual([
      { field: 'X-City', reason: 'not one of the cities served (default, other-city)' },
    ]);
  });

  it('a platform service names the city of each call: the notification-service asks who hears about a case of the other city', async () => {
    const ask = async (reference: string, city?: string) =>
      fetch(`${url}/api/v1/case-recipients`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await serviceTokenOf('notification-service')}`,
          'content-type': 'application/json',
          ...(city ? { 'X-City': city } : {}),
        },
        body: JSON.stringify({ references: [reference] }),
      });
    const r = await ask(theirs.payload.reference, 'other-city');
    expect(r.status).toBe(200);
    expect((await r.json()).cases[0].recipients[0].email).toBe(email.theirs);
    expect(await (await ask(theirs.payload.reference, 'default')).json()).toEqual({
      cases: [],
      notFound: [theirs.payload.reference],
    });
    expect((await ask(theirs.payload.reference)).status).toBe(400);
  });
});
