import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import { allTopicSpecs, caseOpenedV1, createEnvelope, TOPICS, type CaseOpenedV1 } from '@city/contracts';
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
import { publishServices, redisProxy, removeTestState, repositoryCatalogue } from '@city/platform-testing';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig } from '../src/config';
import { SlaTimers } from '../src/sla/sla-timers.processor';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const clock = {
  t: new Date('2026-11-30T08:00:00Z'),
  now() {
    return this.t;
  },
};

describe('workflow-service while Redis is away (real Kafka and Postgres; Redis behind a proxy the test cuts)', () => {
  const prefix = uniquePrefix('wf-redis');
  const schema = `workflow_test_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `wf-test-${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'wf-redis-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  let proxy: Awaited<ReturnType<typeof redisProxy>>;
  let app: NestFastifyApplication;
  let facts: TopicProbe;

  const opened = (): CaseOpenedV1 =>
    createEnvelope(caseOpenedV1, {
      tenantId: 'default',
      correlationId: randomUUID(),
      payload: {
        ...caseOpenedV1.example.payload,
        caseId: randomUUID(),
        language: 'en',
        location: { lat: 51.95, long: 4.45, address: null, propertyId: null },
        receivedAt: '2026-11-30T08:00:00.000Z',
        openedAt: '2026-11-30T08:00:01.000Z',
      },
    });
  const routed = (c: CaseOpenedV1) =>
    facts.waitFor(
      (m) => m.key === c.payload.caseId && m.json<{ type: string }>().type === 'CaseRouted',
      20_000,
    );

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    proxy = await redisProxy();
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    facts = await new TopicProbe(kafka, prefix + TOPICS.workflowEvents).start();
    const config = loadWorkflowConfig({
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DB,
      DB_SCHEMA: schema,
      PORT: '0',
      QUEUE_PREFIX: queuePrefix,
      REDIS_URL: proxy.url,
    });
    app = await createWorkflowService(config, { clock });
    await app.init();
  }, 90_000);

  afterAll(async () => {
    await proxy?.open().catch(() => undefined); // closing the worker wants its Redis
    await app?.close();
    await Promise.all([facts?.stop(), publisher.close()]);
    await proxy?.cut();
    await removeTestState({
      kafka,
      topicPrefix: prefix,
      redisUrl: REDIS_URL,
      queuePrefix,
      databaseUrl: TEST_DB,
      schemas: [schema],
    });
  });

  it('new cases are routed one after another while Redis is away, and their timers are armed once it is back', async () => {
    await proxy.cut();
    // Two cases on one partition: the second is read only once the handler of the first has finished.
    const first = opened();
    const second = opened();
    await publisher.publish(prefix + TOPICS.caseEvents, first.payload.caseId, first as never);
    await routed(first);
    await publisher.publish(prefix + TOPICS.caseEvents, first.payload.caseId, second as never);
    await routed(second);

    // Redis back: the reconciler arms what could not be armed while it was away.
    await proxy.open();
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await app.get(SlaTimers).reconcile();
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const redis = new IORedis(REDIS_URL);
    try {
      const armed = async (c: CaseOpenedV1) =>
        (await redis.exists(`${queuePrefix}:sla-timers:${c.payload.caseId}.first-response.warn`)) === 1;
      expect([await armed(first), await armed(second)]).toEqual([true, true]);
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});
