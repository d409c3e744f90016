import { createLogger } from '@city/platform-logging';
import { EventPublisher } from './event-publisher';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { TopicProbe, uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/**
 * Where the Java client (kafka-clients 3.9.1, BuiltInPartitioner.partitionForKey: murmur2) puts each
 * key on a topic of 6 partitions, computed with that jar in jshell. kafkajs, which the platform used
 * before, agreed; any service in any language on a Java-compatible client does.
 */
const JAVA_PARTITION_OF: Record<string, number> = {
  'case-1': 2,
  'case-2': 1,
  'case-3': 5,
  'case-4': 3,
  'case-5': 1,
  'case-6': 0,
  'case-7': 3,
  'case-8': 4,
  'case-9': 5,
  'case-10': 5,
  'case-11': 3,
  'case-12': 3,
  'case-13': 4,
  'case-14': 5,
  'case-15': 1,
  'case-16': 4,
  'case-17': 2,
  'case-18': 5,
  'case-19': 3,
  'case-20': 1,
  'case-21': 0,
  'case-22': 2,
  'case-23': 2,
  'case-24': 1,
};

/**
 * What the platform's producer must keep (real broker): a key lands where every Java-compatible
 * client puts it (so one case's events stay in order across clients and a move between them), a
 * message without a key is spread over the partitions, and key, value, headers and tombstones arrive
 * as they were sent.
 */
describe('the idempotent producer (real Kafka)', () => {
  const prefix = uniquePrefix('producer');
  const logger = createLogger('test', 'silent');
  const names = new TopicNames(prefix);
  const kafka = createKafka(
    {
      clientId: 'producer-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const keyed = names.of('keyed.v1');
  const keyless = names.of('keyless.v1');
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 100,
    ackTimeoutMs: 10_000,
  });

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { name: keyed, partitions: 6, compacted: false },
      { name: keyless, partitions: 6, compacted: false },
    ]);
  });
  afterAll(async () => {
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  const collect = async (topic: string, count: number) => {
    const probe = await new TopicProbe(kafka, topic).start();
    const deadline = Date.now() + 30_000;
    while (probe.messages.length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await probe.stop();
    return probe.messages;
  };

  it("puts every key on the Java client's partition, with its value, headers and tombstones", async () => {
    const keys = Object.keys(JAVA_PARTITION_OF);
    await Promise.all(
      keys.map((key, i) =>
        publisher.send({
          topic: keyed,
          key,
          value: i === 0 ? null : `value ${i}`,
          headers: { 'x-n': String(i) },
        }),
      ),
    );
    const messages = await collect(keyed, keys.length);
    expect(messages).toHaveLength(keys.length);
    for (const m of messages) {
      const i = keys.indexOf(m.key!);
      expect({ key: m.key, partition: m.partition }).toEqual({
        key: m.key,
        partition: JAVA_PARTITION_OF[m.key!],
      });
      expect(m.value).toBe(i === 0 ? null : `value ${i}`);
      expect(m.headers['x-n']).toBe(String(i));
    }
  });

  it('spreads messages without a key over the partitions', async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => publisher.send({ topic: keyless, key: null, value: `n${i}` })),
    );
    const messages = await collect(keyless, 24);
    expect(messages).toHaveLength(24);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(6);
  });
});
