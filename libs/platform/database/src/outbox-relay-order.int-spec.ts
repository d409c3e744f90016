import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createEnvelope } from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  deleteTopicsWithPrefix,
  ensureTopics,
  EventPublisher,
  ManagedConsumer,
  TopicNames,
  uniquePrefix,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { assertTestDatabase } from './data-source';
import { InboxRecord, OutboxMessage } from './inbox-outbox.entities';
import { enqueueEvents, OutboxRelay } from './inbox-outbox';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * Two instances of a service relay one outbox (real Kafka and Postgres): each case's events reach
 * Kafka in the order they were written, every event once, and the relaying is shared, not doubled.
 */
describe('two outbox relays of one service (real Kafka, Postgres)', () => {
  const prefix = uniquePrefix('relay');
  const schema = `relay_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'relay-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const names = new TopicNames(prefix);
  // One publisher each, as two processes would have.
  const publishers = [0, 1].map(
    () => new EventPublisher(createIdempotentProducer(kafka), { maxBatch: 100, ackTimeoutMs: 10_000 }),
  );
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, [{ name: names.of('cases.v1'), partitions: 3, compacted: false }]);
    const admin = new DataSource({ type: 'postgres', url: TEST_DB });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
    for (let i = 0; i < 2; i++) {
      const ds = new DataSource({
        type: 'postgres',
        url: TEST_DB,
        schema,
        entities: [InboxRecord, OutboxMessage],
        synchronize: i === 0,
        logging: false,
      });
      await ds.initialize();
      dataSources.push(ds);
    }
  });
  afterAll(async () => {
    await Promise.all(publishers.map((p) => p.close()));
    await deleteTopicsWithPrefix(kafka, prefix);
    await dataSources[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(dataSources.map((d) => d.destroy()));
  });

  it('publishes each case’s events in the order they were written, each once', async () => {
    const cases = Array.from({ length: 8 }, () => randomUUID());
    const EVENTS_PER_CASE = 60;
    const received = new Map<string, number[]>();
    const consumer = new ManagedConsumer(kafka, publishers[0], names, logger, {
      groupId: `relay-read-${randomUUID()}`,
      topics: ['cases.v1'],
      handle: async (m) => {
        const e = JSON.parse(m.value!.toString()) as { payload: { caseId: string; seq: number } };
        received.set(e.payload.caseId, [...(received.get(e.payload.caseId) ?? []), e.payload.seq]);
      },
    });
    await consumer.start();
    const relayed = [0, 0];
    const relays = dataSources.map(
      (ds, i) =>
        new OutboxRelay(ds, publishers[i], (t) => names.of(t), logger, {
          batchSize: 7,
          idleMs: 5,
          onPublished: (n) => (relayed[i] += n),
        }),
    );
    relays.forEach((r) => r.start());
    try {
      // Written as a busy service writes them: many small transactions, the cases' events interleaved,
      // while both relays run.
      for (let seq = 0; seq < EVENTS_PER_CASE; seq++)
        await dataSources[seq % 2].transaction((m) =>
          enqueueEvents(
            m,
            cases.map((caseId) => ({
              topic: 'cases.v1',
              key: caseId,
              event: createEnvelope(
                { type: 'CaseChanged', version: 1 },
                { tenantId: 'default', correlationId: caseId, payload: { caseId, seq } },
              ),
            })),
          ),
        );
      const total = cases.length * EVENTS_PER_CASE;
      const deadline = Date.now() + 60_000;
      while ([...received.values()].reduce((n, s) => n + s.length, 0) < total && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const inOrder = Array.from({ length: EVENTS_PER_CASE }, (_, i) => i);
      for (const caseId of cases) expect(received.get(caseId)).toEqual(inOrder);
      expect(relayed[0] + relayed[1]).toBe(total);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
      await consumer.stop();
    }
  }, 120_000);
});
