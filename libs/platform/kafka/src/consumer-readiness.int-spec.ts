import { randomUUID } from 'node:crypto';
import { Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigModule } from '@city/platform-config';
import { HealthModule } from '@city/platform-health';
import { ApiErrorFilter } from '@city/platform-http';
import { createLogger } from '@city/platform-logging';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { EventPublisher } from './event-publisher';
import { ConsumerHost, KafkaHealthCheck, KafkaModule } from './kafka.module';
import type { ManagedConsumer } from './managed-consumer';
import { uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/** A service's readiness follows its consumers on the real broker: a crashed or stopped consumer makes it not ready. */
describe('readiness of a service with Kafka consumers (real Kafka)', () => {
  const prefix = uniquePrefix('cr');
  const run = randomUUID().slice(0, 8);
  const logger = createLogger('test', 'silent');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafka({ clientId: 'cr-test', brokers, topicPrefix: prefix }, logger);
  const names = new TopicNames(prefix);
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 100,
    ackTimeoutMs: 10_000,
  });
  const handled: string[] = [];
  const consumers: Record<string, ManagedConsumer> = {};
  let app: NestFastifyApplication;

  /** The service: two consumers, one of which carries a bug in its error classification. */
  @Injectable()
  class Consumers implements OnApplicationBootstrap {
    constructor(private readonly host: ConsumerHost) {}
    async onApplicationBootstrap() {
      consumers.intake = await this.host.start({
        groupId: `svc-${run}.intake`,
        topics: ['intake.v1'],
        handle: async (m) => {
          if (m.value?.toString() === 'refused') throw new Error('downstream refused it');
          handled.push(m.value!.toString());
        },
        // The bug: an error without a code makes this throw, outside the consumer's retry and dead-letter path.
        isTransient: (e) => (e as { code: string }).code.startsWith('08'),
      });
      consumers.facts = await this.host.start({
        groupId: `svc-${run}.facts`,
        topics: ['facts.v1'],
        handle: async () => undefined,
      });
    }
  }

  @Module({
    imports: [
      ConfigModule.forRoot({ TENANT_ID: 'default' }),
      KafkaModule.forRoot({ clientId: 'cr-test', brokers, topicPrefix: prefix, logLevel: 'silent' }),
      HealthModule.forRoot({ checks: [KafkaHealthCheck] }),
    ],
    providers: [Consumers],
  })
  class ServiceModule {}

  const ready = async () => {
    const r = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' });
    return { status: r.statusCode, text: r.body, body: JSON.parse(r.body) };
  };
  const readyUntil = async (status: number, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await ready();
      if (r.status === status || Date.now() > deadline) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  beforeAll(async () => {
    await ensureTopics(
      kafka,
      ['intake.v1', 'intake.v1.dlq', 'facts.v1', 'facts.v1.dlq'].map((t) => ({
        name: names.of(t),
        partitions: 1,
        compacted: false,
      })),
    );
    app = await NestFactory.create<NestFastifyApplication>(ServiceModule, new FastifyAdapter(), {
      logger: false,
      abortOnError: false,
    });
    app.useGlobalFilters(new ApiErrorFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  it('is ready while the broker answers and every consumer runs, naming each consumer', async () => {
    const r = await readyUntil(200);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ok',
      checks: {
        accepting: 'up',
        kafka: 'up',
        [`kafka-consumer:svc-${run}.intake`]: 'up',
        [`kafka-consumer:svc-${run}.facts`]: 'up',
      },
    });
  });

  it('a consumer that crashed for good makes the service not ready, naming that consumer and nothing about why', async () => {
    await publisher.send({ topic: names.of('intake.v1'), key: 'k', value: 'refused', headers: {} });
    const r = await readyUntil(503);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: 'error',
      checks: {
        accepting: 'up',
        kafka: 'up',
        [`kafka-consumer:svc-${run}.intake`]: 'down',
        [`kafka-consumer:svc-${run}.facts`]: 'up',
      },
    });
    for (const detail of ['TypeError', 'code', '127.0.0.1', '9092', 'KafkaJS'])
      expect(r.text).not.toContain(detail);
    // It stays down: nothing after the crash is consumed.
    await publisher.send({ topic: names.of('intake.v1'), key: 'k', value: 'after-the-crash', headers: {} });
    await new Promise((res) => setTimeout(res, 1_500));
    expect(handled).not.toContain('after-the-crash');
    expect((await ready()).body.checks[`kafka-consumer:svc-${run}.intake`]).toBe('down');
  }, 60_000);

  it('a consumer stopped while the service runs makes it not ready too', async () => {
    await consumers.facts.stop();
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks[`kafka-consumer:svc-${run}.facts`]).toBe('down');
  });
});
