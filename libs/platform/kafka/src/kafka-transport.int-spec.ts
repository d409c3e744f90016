import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import pino from 'pino';
import { caseRoutedV1, createEnvelope, HEADERS, type CaseRoutedV1 } from '@city/contracts';
import { ConfigModule } from '@city/platform-config';
import { createLogger, loggerOptions } from '@city/platform-logging';
import { EventPublisher } from './event-publisher';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { KafkaModule } from './kafka.module';
import {
  EnvelopePipe,
  KafkaConsumer,
  KafkaContext,
  KafkaEvent,
  serveKafkaConsumers,
} from './kafka-transport';
import { DLQ_HEADERS } from './managed-consumer';
import { TopicProbe, uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/** What the handlers saw, and the log lines they wrote. */
const seen = { batches: [] as string[][], notes: [] as string[], lines: [] as string[] };
const sink = new Writable({ write: (chunk, _enc, cb) => (seen.lines.push(chunk.toString()), cb()) });
const handlerLog = pino(loggerOptions('transport-test', 'info'), sink);

@KafkaConsumer()
class RoutingFacts {
  @KafkaEvent('facts.v1', { group: 'transport-test.facts', batch: true, maxAttempts: 2 })
  async facts(@Payload(new EnvelopePipe([caseRoutedV1])) events: CaseRoutedV1[], @Ctx() ctx: KafkaContext) {
    expect(ctx.batch).toBe(true);
    seen.batches.push(events.map((e) => e.payload.queue));
  }

  @KafkaEvent('notes.v1', { group: 'transport-test.notes' })
  async note(@Payload(new EnvelopePipe([caseRoutedV1])) e: CaseRoutedV1) {
    handlerLog.info({ queue: e.payload.queue }, 'note handled');
    seen.notes.push(e.payload.queue);
  }
}

/**
 * The Kafka transport against the real broker: handlers declared with @KafkaEvent receive batches,
 * the pipe dead-letters what cannot be parsed, the guard what belongs to another city, and the
 * log lines written inside a handler carry the message's correlation id.
 */
describe('KafkaTransport (real Kafka)', () => {
  const prefix = uniquePrefix('kt');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafka(
    { clientId: 'kt-test', brokers, topicPrefix: prefix },
    createLogger('test', 'silent'),
  );
  const names = new TopicNames(prefix);
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 100,
    ackTimeoutMs: 10_000,
  });
  let app: INestApplication;

  const fact = (queue: string, tenantId = 'default') =>
    createEnvelope(caseRoutedV1, {
      tenantId,
      correlationId: `corr-${queue}`,
      payload: { ...caseRoutedV1.example.payload, caseId: randomUUID(), queue },
    });
  const send = (topic: string, value: string, correlationId: string = randomUUID()) =>
    publisher.send({
      topic: names.of(topic),
      key: 'k',
      value,
      headers: { [HEADERS.correlationId]: correlationId },
    });

  beforeAll(async () => {
    // What the handlers saw is the module's; the run starts from nothing.
    seen.batches.length = 0;
    seen.notes.length = 0;
    seen.lines.length = 0;
    await ensureTopics(
      kafka,
      ['facts.v1', 'facts.v1.dlq', 'notes.v1', 'notes.v1.dlq'].map((t) => ({
        name: names.of(t),
        partitions: 1,
        compacted: false,
      })),
    );
    @Module({
      imports: [
        ConfigModule.forRoot({ TENANT_ID: 'default' }),
        KafkaModule.forRoot({
          clientId: 'kt-test',
          brokers,
          topicPrefix: prefix,
          logLevel: 'silent',
        }),
      ],
      controllers: [RoutingFacts],
    })
    class TestModule {}
    // Sent before the consumers start, so that they arrive together in one fetch.
    await send('facts.v1', JSON.stringify(fact('q1')));
    await send('facts.v1', 'not an event');
    await send('facts.v1', JSON.stringify(fact('q2')));
    await send('facts.v1', JSON.stringify(fact('theirs', 'other-city')));
    await send('facts.v1', JSON.stringify(fact('q3')));
    await send('notes.v1', JSON.stringify(fact('n1')), 'corr-note-1');
    app = await NestFactory.create(TestModule, new FastifyAdapter(), { logger: false });
    serveKafkaConsumers(app);
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  it('hands a batch to its handler; what cannot be parsed or is not this city’s is dead-lettered alone, and the others handled once', async () => {
    const dlq = await new TopicProbe(kafka, names.of('facts.v1.dlq')).start();
    try {
      const poison = await dlq.waitFor((m) => m.value === 'not an event', 30_000);
      expect(poison.headers[DLQ_HEADERS.error]).toMatch(/JSON|envelope/i);
      const foreign = await dlq.waitFor((m) => (m.value ?? '').includes('"other-city"'), 30_000);
      expect(foreign.headers[DLQ_HEADERS.error]).toBe(
        "event.other-tenant: tenant other-city is not this service's (default)",
      );
      const deadline = Date.now() + 30_000;
      while (seen.batches.flat().length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // The fetched batch failed in the pipe, so its messages went one by one: each good one once, in order.
      expect(seen.batches.flat()).toEqual(['q1', 'q2', 'q3']);
      expect(seen.batches.every((b) => Array.isArray(b))).toBe(true);
    } finally {
      await dlq.stop();
    }
  });

  it('a log line written while a message is handled carries its correlation id', async () => {
    const deadline = Date.now() + 30_000;
    while (seen.notes.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const line = seen.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'note handled');
    expect(line).toMatchObject({ correlationId: 'corr-note-1', queue: 'n1' });
  });
});
