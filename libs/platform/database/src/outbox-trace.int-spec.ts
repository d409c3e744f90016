import { randomUUID } from 'node:crypto';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { DataSource } from 'typeorm';
import { createEnvelope, type EventEnvelope } from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  deleteTopicsWithPrefix,
  ensureTopics,
  EventPublisher,
  ManagedConsumer,
  TopicNames,
  uniquePrefix,
  type ReceivedMessage,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { startTracing, stopTracing, type Tracing } from '@city/platform-tracing';
import { assertTestDatabase } from './data-source';
import { InboxRecord, OutboxMessage } from './inbox-outbox.entities';
import { enqueueEvents, OutboxRelay } from './inbox-outbox';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * One trace from a request to the consumer of an event a service wrote to its outbox: the trace
 * context travels in the Kafka headers, and with the outbox row from the transaction that wrote it
 * to the relay that publishes it later (real Kafka and Postgres).
 */
describe('a trace across Kafka and the outbox (real Kafka, Postgres)', () => {
  const prefix = uniquePrefix('trace');
  const schema = `trace_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'trace-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const names = new TopicNames(prefix);
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 100,
    ackTimeoutMs: 10_000,
  });
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let ds: DataSource;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    // Its own tracing, whose spans it reads (not a Zipkin the whole run may send to: tools/jest/tracing-setup.ts).
    await stopTracing();
    tracing = (await startTracing(
      'trace-test',
      { TRACING_SAMPLE_RATIO: 1 },
      { exporter, instrument: false },
    ))!;
    await ensureTopics(kafka, [
      { name: names.of('requests.v1'), partitions: 1, compacted: false },
      { name: names.of('cases.v1'), partitions: 1, compacted: false },
    ]);
    const admin = new DataSource({ type: 'postgres', url: TEST_DB });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
    ds = new DataSource({
      type: 'postgres',
      url: TEST_DB,
      schema,
      entities: [InboxRecord, OutboxMessage],
      synchronize: true,
      logging: false,
    });
    await ds.initialize();
  });
  afterAll(async () => {
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
    await stopTracing();
  });

  const event = (type: string, correlationId: string, causationId: string | null = null): EventEnvelope =>
    createEnvelope({ type, version: 1 }, { tenantId: 'default', correlationId, causationId, payload: {} });

  it('request → send → process (a batch, writing to the outbox) → the relay sends → process: each span the child of the one before', async () => {
    const run = randomUUID();
    const received: ReceivedMessage[] = [];
    // The case-service's part: a batch consumer that writes an event per request to its outbox, in one transaction.
    const intake = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `intake-${run}`,
      topics: ['requests.v1'],
      handle: async () => undefined,
      handleBatch: async (messages) => {
        await ds.transaction((m) =>
          enqueueEvents(
            m,
            messages.map((msg) => {
              const cause = JSON.parse(msg.value!.toString()) as EventEnvelope;
              return {
                topic: 'cases.v1',
                key: run,
                event: event('CaseOpened', cause.correlationId, cause.eventId),
              };
            }),
          ),
        );
      },
    });
    // The workflow-service's part: reads what the relay published.
    const routing = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `routing-${run}`,
      topics: ['cases.v1'],
      handle: async (m) => void received.push(m),
    });
    const relay = new OutboxRelay(ds, publisher, (t) => names.of(t), logger, { batchSize: 50, idleMs: 50 });
    await Promise.all([intake.start(), routing.start()]);
    relay.start();
    try {
      // The gateway's part: a request that publishes what the citizen asked for.
      const request = trace.getTracer('test').startSpan('POST /api/v1/requests', { kind: SpanKind.SERVER });
      await context.with(trace.setSpan(context.active(), request), () =>
        publisher.publish(names.of('requests.v1'), run, event('RequestReceived', `corr-${run}`)),
      );
      request.end();
      for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(received).toHaveLength(1);

      // The row kept the trace context of the transaction that wrote it.
      const [row] = await ds.getRepository(OutboxMessage).find();
      expect(row.headers?.traceparent).toMatch(new RegExp(`^00-${request.spanContext().traceId}-`));

      await tracing.flush();
      const spans = exporter
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === request.spanContext().traceId);
      const one = (kind: SpanKind, name: string): ReadableSpan => {
        const found = spans.filter((s) => s.kind === kind && s.name === name);
        expect(found).toHaveLength(1);
        return found[0];
      };
      const sendRequest = one(SpanKind.PRODUCER, `send ${names.of('requests.v1')}`);
      const processRequest = one(SpanKind.CONSUMER, 'process requests.v1');
      const sendCase = one(SpanKind.PRODUCER, `send ${names.of('cases.v1')}`);
      const processCase = one(SpanKind.CONSUMER, 'process cases.v1');
      const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
      expect(parentOf(sendRequest)).toBe(request.spanContext().spanId);
      expect(parentOf(processRequest)).toBe(sendRequest.spanContext().spanId);
      expect(parentOf(sendCase)).toBe(processRequest.spanContext().spanId);
      expect(parentOf(processCase)).toBe(sendCase.spanContext().spanId);
      expect(processCase.attributes['correlation.id']).toBe(`corr-${run}`);
      // And the consumer was handed the context in the message's headers.
      expect(received[0].headers.traceparent).toBe(
        `00-${request.spanContext().traceId}-${sendCase.spanContext().spanId}-01`,
      );
    } finally {
      await relay.stop();
      await Promise.all([intake.stop(), routing.stop()]);
    }
  });
});
