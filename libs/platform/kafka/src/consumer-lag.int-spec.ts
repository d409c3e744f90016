import { randomUUID } from 'node:crypto';
import { createLogger } from '@city/platform-logging';
import { consumerLag } from './consumer-lag';
import { EventPublisher } from './event-publisher';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { ManagedConsumer } from './managed-consumer';
import { uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/** A consumer group's lag as the broker knows it: what the metrics report per partition. */
describe('consumerLag (real Kafka)', () => {
  const prefix = uniquePrefix('lag');
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'lag-test',
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
  const topic = 'lagging.v1';
  const admin = kafka.admin();

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { name: names.of(topic), partitions: 2, compacted: false },
      { name: names.of(`${topic}.dlq`), partitions: 1, compacted: false },
    ]);
  });
  afterAll(async () => {
    await admin.close();
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  it('counts every message of a group that has not read yet, per partition, and nothing once it has', async () => {
    const group = names.of(`g-${randomUUID()}`);
    // Keys chosen to land on both partitions: 7 messages in all.
    for (let i = 0; i < 7; i++)
      await publisher.send({ topic: names.of(topic), key: `k-${i}`, value: `v-${i}`, headers: {} });

    const before = await consumerLag(admin, [{ group, topics: [names.of(topic)] }]);
    expect(before.map((l) => l.partition).sort()).toEqual([0, 1]);
    expect(before.reduce((n, l) => n + l.lag, 0)).toBe(7);

    const handled: string[] = [];
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: group.slice(prefix.length),
      topics: [topic],
      handle: async (m) => void handled.push(m.value!.toString()),
    });
    expect(consumer.groupTopics()).toEqual({ group, topics: [names.of(topic)] });
    await consumer.start();
    const deadline = Date.now() + 20_000;
    let after = before;
    while (Date.now() < deadline) {
      after = await consumerLag(admin, [{ group, topics: [names.of(topic)] }]);
      if (handled.length === 7 && after.every((l) => l.lag === 0)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await consumer.stop();
    expect(handled).toHaveLength(7);
    expect(after.map((l) => l.lag)).toEqual([0, 0]);
  });
});
