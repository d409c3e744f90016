import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs } from '@city/contracts';
import { referenceFromKey } from '@city/domain-intake';
import { assertTestDatabase } from '@city/platform-database';
import { createKafka, ensureTopics, uniquePrefix } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { rateLimitPrefix, removeRateLimitCounts, removeTestState } from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The portal inbox takes the same second factor as the case record's look-up: its reads are limited
 * per client and per reference here (real Redis), and the case record is asked with this service's
 * own token (a real one from Keycloak). The case record is a stand-in that says who asked it what.
 */
describe('notification-service: inbox reads are limited', () => {
  const prefix = uniquePrefix('nsrl');
  const schema = `ns_test_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `ns-test-${randomUUID().slice(0, 8)}`;
  const countsPrefix = rateLimitPrefix('ns');
  const kafka = createKafka(
    {
      clientId: 'nsrl-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  const asked: Array<{ url: string; authorization: string | undefined }> = [];
  /** A request whose look-up the stand-in fails, as a case-service in trouble would. */
  const failing = referenceFromKey('default', `web:${randomUUID()}`);
  let caseRecord: Server;
  let app: NestFastifyApplication;
  let url: string;

  const inbox = (reference: string, from: string) =>
    fetch(
      `${url}/api/v1/inbox?reference=${reference}&email=${encodeURIComponent(`guess-${randomUUID()}@example.org`)}`,
      { headers: { 'x-forwarded-for': from } },
    );

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    caseRecord = createServer((req, res) => {
      if (req.url?.startsWith('/api/v1/requests/'))
        asked.push({ url: req.url, authorization: req.headers.authorization });
      if (req.url?.startsWith(`/api/v1/requests/${failing}/`))
        return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"statusCode":500}');
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404}');
    });
    await new Promise<void>((r) => caseRecord.listen(0, '127.0.0.1', r));
    app = await createNotificationService(
      loadNotificationConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
        QUEUE_PREFIX: queuePrefix,
        CASE_SERVICE_URL: `http://127.0.0.1:${(caseRecord.address() as AddressInfo).port}`,
        SMS_PROVIDER_TOKEN: 'test-sms-token',
        SMS_INBOUND_TOKEN: 'test-sms-inbound-token',
        // The test stands for the portal's proxy: the citizen's address comes in X-Forwarded-For.
        TRUSTED_PROXIES: '127.0.0.1',
        RATE_LIMIT_PREFIX: countsPrefix,
        RATE_LIMITS: 'inbox.client=100/1m,inbox.target=3/1h',
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => caseRecord?.close(r));
    await removeTestState({
      kafka,
      topicPrefix: prefix,
      redisUrl: REDIS_URL,
      queuePrefix,
      databaseUrl: TEST_DB,
      schemas: [schema],
    });
    await removeRateLimitCounts(REDIS_URL, countsPrefix);
  });

  it('the fourth read of one reference answers 429 with Retry-After and is not looked up; the case record is asked with the service token', async () => {
    const reference = referenceFromKey('default', `web:${randomUUID()}`);
    for (const written of [reference, reference.toLowerCase(), reference])
      expect((await inbox(written, '203.0.113.9')).status).toBe(404);
    const refused = await inbox(reference, '203.0.113.10');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/try again/i),
    });
    const ofThis = asked.filter((a) => a.url.startsWith(`/api/v1/requests/${reference}/citizen?`));
    expect(ofThis).toHaveLength(3);
    for (const a of ofThis) expect(a.authorization).toMatch(/^Bearer ey/);
  });

  it('the case record failing is an outage, not the citizen’s fault: 503 with Retry-After, never a 500', async () => {
    const res = await inbox(failing, '203.0.113.20');
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(
        /^The case record cannot be reached \(it answered 500\); try again shortly\.$/,
      ),
    });
  });
});
