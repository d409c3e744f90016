import { randomUUID } from 'node:crypto';
import { createLogger } from '@city/platform-logging';
import { EventPublisher } from './event-publisher';
import { createIdempotentProducer, createKafka, KAFKA_CLIENTS, TopicNames } from './kafka-client';
import { TopicProbe, uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/**
 * What must not change when a city moves from one Kafka client to the other (real broker): a key
 * keeps its partition (so one case's events stay in order across the move), and a message keeps its
 * key, value, headers and tombstones.
 */
describe('the Kafka clients side by side (real Kafka)', () => {
  const prefix = uniquePrefix('kc');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const logger = createLogger('test', 'silent');
  const names = new TopicNames(prefix);
  const kafkaOn = (client: (typeof KAFKA_CLIENTS)[number]) =>
    createKafka({ clientId: `kc-${client}`, brokers, topicPrefix: prefix, client }, logger);
  const admin = kafkaOn('kafkajs');
  const topic = names.of('spread.v1');

  beforeAll(async () => {
    await ensureTopics(admin, [{ name: topic, partitions: 6, compacted: false }]);
  });
  afterAll(async () => {
    await deleteTopicsWithPrefix(admin, prefix);
  });

  it('every key lands on the same partition whichever client published it, with its value, headers and tombstones', async () => {
    const keys = Array.from({ length: 60 }, () => randomUUID());
    for (const client of KAFKA_CLIENTS) {
      const publisher = new EventPublisher(createIdempotentProducer(kafkaOn(client)), {
        maxBatch: 100,
        ackTimeoutMs: 10_000,
      });
      await Promise.all(
        keys.map((key, i) =>
          publisher.send({
            topic,
            key,
            value: i === 0 ? null : `${client}:${i}`,
            headers: { 'x-client': client, 'x-n': String(i) },
          }),
        ),
      );
      await publisher.close();
    }
    const probe = await new TopicProbe(admin, topic).start();
    try {
      const deadline = Date.now() + 30_000;
      while (probe.messages.length < keys.length * 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const on = (client: string) =>
        new Map(probe.messages.filter((m) => m.headers['x-client'] === client).map((m) => [m.key, m]));
      const [kafkajs, platformatic] = [on('kafkajs'), on('platformatic')];
      expect(kafkajs.size).toBe(keys.length);
      expect(platformatic.size).toBe(keys.length);
      expect(new Set([...kafkajs.values()].map((m) => m.partition)).size).toBeGreaterThan(3);
      for (const [i, key] of keys.entries()) {
        expect({ key, partition: platformatic.get(key)!.partition }).toEqual({
          key,
          partition: kafkajs.get(key)!.partition,
        });
        expect(platformatic.get(key)!.value).toBe(i === 0 ? null : `platformatic:${i}`);
        expect(platformatic.get(key)!.headers['x-n']).toBe(String(i));
      }
    } finally {
      await probe.stop();
    }
  });
});
