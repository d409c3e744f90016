import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs } from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import { createKafka, ensureTopics, uniquePrefix } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  rateLimitPrefix,
  requestReceived,
  removeRateLimitCounts,
  removeTestState,
} from '@city/platform-testing';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';
import { samplePdf } from '../src/documents/sample-documents.fixture';
import { OpenCaseUseCase } from '../src/intake/open-case/open-case.usecase';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/** A web request of a citizen of its own, as the gateway puts it on the topic. */
const request = () => requestReceived();

/**
 * A citizen's look-up (reference plus the email or phone they gave) is limited per reference, so the
 * second factor of a reference cannot be guessed without end; the count is shared through Redis, and
 * kept in the service's own memory while Redis is unreachable.
 */
describe('case-service: second-factor look-ups are limited (real Postgres, real Redis)', () => {
  const prefix = uniquePrefix('csrl');
  const schema = `case_test_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'csrl-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  let app: NestFastifyApplication | undefined;
  let url: string;
  const countsPrefix = rateLimitPrefix('cs');

  const start = async (env: Record<string, string>) => {
    const config = loadCaseConfig({
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DB,
      DB_SCHEMA: schema,
      PORT: '0',
      RATE_LIMIT_PREFIX: countsPrefix,
      RATE_LIMITS: 'second-factor.client=100/1m,second-factor.target=3/1h',
      ...env,
    });
    app = await createCaseService(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  };
  const lookUp = (reference: string, email: string) =>
    fetch(`${url}/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`);
  const openCases = async (n: number) => {
    const events = Array.from({ length: n }, request);
    await app!.get(OpenCaseUseCase).execute(events);
    return events.map((e) => ({ reference: e.payload.reference, email: e.payload.contact!.email! }));
  };

  /** Three wrong guesses at one reference (however the reference is written), then the right one. */
  const guessThenAnswer = async () => {
    const [target, other] = await openCases(2);
    const [a, b, c] = [target.reference, target.reference.toLowerCase(), target.reference.replace(/-/g, '')];
    for (const written of [a, b, c])
      expect((await lookUp(written, `guess-${randomUUID()}@example.org`)).status).toBe(404);
    const refused = await lookUp(target.reference, target.email);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/try again/i),
    });
    // Another reference is not held back by them.
    expect((await lookUp(other.reference, other.email)).status).toBe(200);
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
  }, 60_000);

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
    await removeRateLimitCounts(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', countsPrefix);
  });

  it('the fourth look-up of one reference answers 429 with Retry-After, even with the right email, while another reference still answers', async () => {
    await start({});
    await guessThenAnswer();
  }, 90_000);

  it("a reply is counted with the look-ups of its reference: after the allowance it answers 429 with Retry-After, while another reference's reply is taken", async () => {
    await start({});
    const [target, other] = await openCases(2);
    const reply = (reference: string, email: string) => {
      const form = new FormData();
      form.append('email', email);
      form.append('message', 'The document you asked for.');
      form.append('file', new Blob([new Uint8Array(samplePdf())], { type: 'application/pdf' }), 'proof.pdf');
      return fetch(`${url}/api/v1/requests/${reference}/replies`, { method: 'POST', body: form });
    };
    // Two guesses by look-up and one by reply, at the reference written three ways.
    expect((await lookUp(target.reference, `guess-${randomUUID()}@example.org`)).status).toBe(404);
    expect((await lookUp(target.reference.toLowerCase(), `guess-${randomUUID()}@example.org`)).status).toBe(
      404,
    );
    expect(
      (await reply(target.reference.replace(/-/g, ''), `guess-${randomUUID()}@example.org`)).status,
    ).toBe(404);
    const refused = await reply(target.reference, target.email);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/try again/i),
    });
    // The reference's look-ups are held back with its replies.
    expect((await lookUp(target.reference, target.email)).status).toBe(429);
    expect((await reply(other.reference, other.email)).status).toBe(201);
  }, 90_000);

  it('with Redis unreachable the service still answers, and the limit holds in its own memory', async () => {
    await start({ REDIS_URL: 'redis://127.0.0.1:1' });
    await guessThenAnswer();
  }, 90_000);
});
