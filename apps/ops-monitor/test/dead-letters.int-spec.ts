import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs, caseOpenedV1, createEnvelope, TOPICS } from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  EventPublisher,
  replayDeadLetters,
  TopicNames,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  removeTestState,
  roomyRateLimits,
  uniquePrefix,
  type DemoUser,
} from '@city/platform-testing';
import { createOpsMonitor } from '../src/bootstrap';
import { loadOpsConfig } from '../src/config';
import type { LiveFigures } from '@city/contracts';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const METRICS_TOKEN = 'dead-letters-test-metrics-token';

interface Letter {
  id: string;
  topic: string;
  state: 'waiting' | 'replayed' | 'expired';
  error: string;
  consumerGroup: string | null;
  eventType: string | null;
  eventId: string | null;
  tenantId: string | null;
  replayOf: string | null;
  replayed: { at: string; by: string | null; replayId: string | null } | null;
}
interface Listing {
  topics: Array<{ topic: string; waiting: number; replayed: number; expired: number }>;
  letters: Letter[];
}

/**
 * Dead letters end to end against the real Kafka, Postgres and Keycloak: the ops-monitor's own
 * consumer dead-letters two facts of case.events.v1 (one malformed, one of a city it was not set up
 * to serve); its dead-letter consumer lists them with their reasons (and nothing of their payload);
 * an administrator puts one back, which fails again and comes back as a repeat; the command line's
 * replay is noticed too; then the cause of the other is fixed (the service restarted for that city)
 * and the replay of everything waiting puts it back, where it is folded into the live board.
 */
describe('ops-monitor: dead letters listed and put back (real Kafka, Postgres, Keycloak)', () => {
  assertTestDatabase(TEST_DB);
  const prefix = uniquePrefix('dlq');
  const schema = `dlq_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'dlq-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 50,
    ackTimeoutMs: 10_000,
  });
  const env = {
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: TEST_DB,
    DB_SCHEMA: schema,
    PORT: '0',
    METRICS_TOKEN,
    ...roomyRateLimits(`${prefix}-rl`),
  };
  let app: NestFastifyApplication;
  let url: string;
  const start = async (more: Record<string, string> = {}) => {
    app = await createOpsMonitor(loadOpsConfig({ ...env, ...more }));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    for (let i = 0; i < 300 && (await fetch(`${url}/health/ready`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
  };
  const get = async (path: string, user: DemoUser | null = 'ops-1') =>
    fetch(`${url}${path}`, { headers: user ? await asUser(user) : {} });
  const replay = async (body: unknown, user: DemoUser | null = 'admin-1') =>
    fetch(`${url}/api/v1/dead-letters/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? await asUser(user) : {}) },
      body: JSON.stringify(body),
    });
  const lettersWhen = async (ready: (l: Listing) => boolean): Promise<Listing> => {
    let last: Listing | null = null;
    for (let i = 0; i < 200; i++) {
      const res = await get(`/api/v1/dead-letters?topic=${TOPICS.caseEvents}`);
      expect(res.status).toBe(200);
      last = (await res.json()) as Listing;
      if (ready(last)) return last;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`the dead letters never got there: ${JSON.stringify(last?.letters)}`);
  };

  // A fact whose payload is not a CaseOpened's (with a citizen's email in it), and a good fact of
  // another city, which the ops-monitor serving `default` refuses.
  const poisonId = randomUUID();
  const poisonEmail = `poison-${randomUUID().slice(0, 8)}@example.org`;
  const poison = {
    eventId: poisonId,
    type: 'CaseOpened',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: 'default',
    correlationId: randomUUID(),
    causationId: null,
    payload: { caseId: randomUUID(), contact: { email: poisonEmail } },
  };
  const rivertownCase = randomUUID();
  const rivertown = createEnvelope(caseOpenedV1, {
    tenantId: 'rivertown',
    correlationId: randomUUID(),
    causationId: null,
    payload: {
      ...caseOpenedV1.example.payload,
      caseId: rivertownCase,
      service: {
        ...caseOpenedV1.example.payload.service,
        code: 'missed-bin',
        defaultQueue: 'replayed-queue',
      },
      status: 'received',
      channel: 'web',
      duplicateOf: null,
      receivedAt: new Date().toISOString(),
      openedAt: new Date().toISOString(),
    },
  });

  beforeAll(async () => {
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await start();
    await publisher.send({
      topic: `${prefix}${TOPICS.caseEvents}`,
      key: poison.payload.caseId,
      value: JSON.stringify(poison),
      headers: { 'correlation-id': poison.correlationId },
    });
    await publisher.publish(`${prefix}${TOPICS.caseEvents}`, rivertownCase, rivertown);
  });
  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
  });

  let poisonLetter: Letter;
  let rivertownLetter: Letter;

  it('lists what the consumer gave up on, per topic, with the reason and group, and nothing of the payload', async () => {
    const l = await lettersWhen((x) => x.letters.length === 2);
    poisonLetter = l.letters.find((x) => x.eventId === poisonId)!;
    rivertownLetter = l.letters.find((x) => x.eventId === rivertown.eventId)!;
    expect(poisonLetter).toMatchObject({
      topic: TOPICS.caseEvents,
      state: 'waiting',
      consumerGroup: 'ops-monitor.cases',
      eventType: 'CaseOpened',
      tenantId: 'default',
      replayOf: null,
      replayed: null,
    });
    expect(poisonLetter.error).toMatch(/payload/);
    expect(poisonLetter.id).toMatch(/^0\/\d+$/);
    expect(rivertownLetter).toMatchObject({
      state: 'waiting',
      consumerGroup: 'ops-monitor.cases',
      tenantId: 'rivertown',
      error: "event.other-tenant: tenant rivertown is not this service's (default)",
    });
    expect(l.topics).toEqual([
      { topic: TOPICS.caseEvents, waiting: 2, replayed: 0, expired: 0, newestFailedAt: expect.any(String) },
    ]);
    // No payload: not the citizen's email, nothing of the other city's case but its ids.
    const text = JSON.stringify(await (await get('/api/v1/dead-letters')).json());
    expect(text).not.toContain(poisonEmail);
    expect(text).not.toContain(caseOpenedV1.example.payload.citizenId!);
    expect(text).not.toContain(caseOpenedV1.example.payload.reference);
    expect(text).not.toContain('Coolsingel');
    expect(text).not.toContain('"payload"');
    // Every topic is counted, with zeros; and the waiting ones are a metric.
    const all = (await (await get('/api/v1/dead-letters')).json()) as Listing;
    expect(all.topics.map((t) => t.topic)).toContain(TOPICS.intakeRequests);
    const metrics = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/^city_ops_dead_letters_waiting\{[^}]*topic="case\.events\.v1"[^}]*\} 2$/m);
    expect(metrics).toMatch(/^city_ops_dead_letters_waiting\{[^}]*topic="intake\.requests\.v1"[^}]*\} 0$/m);
  });

  it('lets operations and administrators read them, only administrators put them back', async () => {
    expect((await get('/api/v1/dead-letters', null)).status).toBe(401);
    expect((await get('/api/v1/dead-letters', 'supervisor-1')).status).toBe(403);
    expect((await get('/api/v1/dead-letters', 'admin-1')).status).toBe(200);
    expect((await replay({ topic: TOPICS.caseEvents, ids: [poisonLetter.id] }, null)).status).toBe(401);
    expect((await replay({ topic: TOPICS.caseEvents, ids: [poisonLetter.id] }, 'ops-1')).status).toBe(403);
    const bad = await replay({ topic: 'case.events.v9', ids: ['zero'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'topic',
      'ids[0]',
    ]);
    const unknown = await replay({ topic: TOPICS.caseEvents, ids: ['0/99999'] });
    expect(unknown.status).toBe(404);
    expect((await get('/api/v1/dead-letters?limit=0')).status).toBe(400);
    // None of it put anything back.
    const l = await lettersWhen(() => true);
    expect(l.letters.every((x) => x.state === 'waiting')).toBe(true);
  });

  it('puts one back for an administrator, records who and when; it fails again and comes back as a repeat', async () => {
    const res = await replay({ topic: TOPICS.caseEvents, ids: [poisonLetter.id] });
    expect(res.status).toBe(200);
    const r = (await res.json()) as { replayId: string; by: string; replayed: string[]; skipped: unknown[] };
    expect(r).toMatchObject({ by: 'admin:admin-1', replayed: [poisonLetter.id], skipped: [] });

    const l = await lettersWhen((x) => x.letters.some((y) => y.replayOf === poisonLetter.id));
    expect(l.letters.find((x) => x.id === poisonLetter.id)).toMatchObject({
      state: 'replayed',
      replayed: { by: 'admin:admin-1', replayId: r.replayId },
    });
    const repeat = l.letters.find((x) => x.replayOf === poisonLetter.id)!;
    expect(repeat).toMatchObject({ state: 'waiting', eventId: poisonId, error: poisonLetter.error });
    expect(l.topics[0]).toMatchObject({ waiting: 2, replayed: 1 });
    const onlyReplayed = (await (
      await get(`/api/v1/dead-letters?topic=${TOPICS.caseEvents}&replayed=true`)
    ).json()) as Listing;
    expect(onlyReplayed.letters.map((x) => x.id)).toEqual([poisonLetter.id]);

    // The same letter again: refused, nothing put back.
    const again = await replay({ topic: TOPICS.caseEvents, ids: [poisonLetter.id] });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      code: 'dead-letter.already-replayed',
      message: expect.stringContaining(`${poisonLetter.id} was put back at`),
    });
    // With a letter that waits, that one goes back and the other is skipped and said.
    const mixed = await replay({ topic: TOPICS.caseEvents, ids: [poisonLetter.id, repeat.id] });
    expect(mixed.status).toBe(200);
    expect(await mixed.json()).toMatchObject({
      replayed: [repeat.id],
      skipped: [{ id: poisonLetter.id, reason: 'already-replayed' }],
    });
    await lettersWhen((x) => x.letters.some((y) => y.replayOf === repeat.id));
  });

  it('notices a letter put back from the command line (npm run dlq:replay) when it fails again', async () => {
    const l = await lettersWhen(() => true);
    const waitingRepeat = l.letters.find((x) => x.state === 'waiting' && x.eventId === poisonId)!;
    const [partition, offset] = waitingRepeat.id.split('/');
    const back = await replayDeadLetters(kafka, publisher, new TopicNames(prefix), logger, {
      topic: TOPICS.caseEvents,
      positions: [{ partition: Number(partition), offset }],
    });
    expect(back.filter((x) => x.replayed)).toHaveLength(1);
    const after = await lettersWhen((x) => x.letters.some((y) => y.replayOf === waitingRepeat.id));
    expect(after.letters.find((x) => x.id === waitingRepeat.id)).toMatchObject({
      state: 'replayed',
      replayed: { by: null, replayId: null },
    });
  });

  it('once the cause is fixed, the replay of everything waiting puts the letter back and the consumer folds it', async () => {
    // The deployment was meant to serve rivertown: restarted with that city (the test realm's tokens
    // name no city, so the service takes its own: AUTH_TENANT_CLAIM empty).
    await app.close();
    await start({ TENANT_ID: 'rivertown', AUTH_TENANT_CLAIM: '' });
    const waiting = (await lettersWhen(() => true)).letters.filter((x) => x.state === 'waiting');
    expect(waiting.map((x) => x.id)).toContain(rivertownLetter.id);

    const res = await replay({ topic: TOPICS.caseEvents });
    expect(res.status).toBe(200);
    const r = (await res.json()) as { replayed: string[]; skipped: unknown[] };
    expect(r.replayed.sort()).toEqual(waiting.map((x) => x.id).sort());
    expect(r.skipped).toEqual([]);

    // The case of the letter is on the live board now.
    let figures: LiveFigures | null = null;
    for (let i = 0; i < 200; i++) {
      figures = (await (await get('/api/v1/live')).json()) as LiveFigures;
      if (figures.byQueue.some((g) => g.key === 'replayed-queue')) break;
      await new Promise((x) => setTimeout(x, 150));
    }
    expect(figures?.byQueue.find((g) => g.key === 'replayed-queue')).toMatchObject({ waiting: 1 });
    // It stays put back: no repeat of it; and nothing waits but the poison's newest repeat.
    const l = await lettersWhen((x) => x.topics[0].waiting === 1);
    expect(l.letters.filter((x) => x.eventId === rivertown.eventId).map((x) => x.state)).toEqual([
      'replayed',
    ]);
    expect(l.letters.find((x) => x.state === 'waiting')!.eventId).toBe(poisonId);
    // A topic with nothing waiting: nothing to put back, and said so.
    const none = await replay({ topic: TOPICS.workflowEvents });
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ code: 'dead-letter.none-waiting' });
  });
});
