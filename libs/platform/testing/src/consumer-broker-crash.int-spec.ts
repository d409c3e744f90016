import { randomUUID } from 'node:crypto';
import { DomainError } from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  EventPublisher,
  ManagedConsumer,
  TopicNames,
  type ReceivedMessage,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { startThrowawayKafka, type ThrowawayKafka } from './throwaway-kafka';

/**
 * A consumer outlives its broker's crash (a real broker of its own, SIGKILLed while a message is in
 * hand, and started again): it is not ready while the broker is away, takes up its work when the
 * broker returns, and what was sent before, during and after the crash is handled; its stop does not
 * wait for a broker that is gone.
 */
describe('a consumer when its broker crashes and returns', () => {
  let broker: ThrowawayKafka;
  const logger = createLogger('test', 'silent');
  const names = new TopicNames('');
  const topic = 'crash.v1';

  beforeAll(async () => {
    broker = await startThrowawayKafka(19094, 19095);
  }, 120_000);
  afterAll(async () => {
    await broker?.stop();
  });

  /** Whether the consumer's readiness passes now. */
  const readyNow = (consumer: ManagedConsumer) =>
    consumer
      .readinessCheck()
      .check()
      .then(
        () => true,
        () => false,
      );
  /** Waits until `done`, for `ms` at most; the test's own expectation says what should be so by then. */
  const until = async (done: () => boolean | Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  };

  it('is down while the broker is, then handles what was sent before, in hand and after', async () => {
    const kafka = createKafka({ clientId: 'crash-test', brokers: broker.brokers, topicPrefix: '' }, logger);
    await ensureTopics(kafka, [
      { name: topic, partitions: 2, compacted: false },
      { name: `${topic}.dlq`, partitions: 1, compacted: false },
    ]);
    const publisher = new EventPublisher(createIdempotentProducer(kafka), {
      maxBatch: 100,
      ackTimeoutMs: 10_000,
    });
    const handled = new Set<string>();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inHand = new Promise<void>((r) => (started = r));
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `crash-${randomUUID()}`,
      topics: [topic],
      handle: async (m) => {
        const value = m.value!.toString();
        if (value === 'held') {
          started();
          await gate; // in hand when the broker dies
        }
        handled.add(value);
      },
    });
    const ready = () => readyNow(consumer);
    try {
      await consumer.start();
      await publisher.send({ topic, key: 'a', value: 'before' });
      await until(() => handled.has('before'), 30_000);
      expect(handled.has('before')).toBe(true);

      await publisher.send({ topic, key: 'a', value: 'held' });
      await inHand;
      await broker.kill();
      release(); // its offset cannot be committed now: it is read again once the broker is back
      await until(async () => !(await ready()), 30_000);
      expect(await ready()).toBe(false);

      await broker.restart();
      let sent = false;
      await until(async () => {
        sent = await publisher.send({ topic, key: 'b', value: 'after' }).then(
          () => true,
          () => false,
        );
        return sent;
      }, 60_000);
      expect(sent).toBe(true);
      await until(() => handled.has('after'), 60_000);
      expect([...handled]).toEqual(['before', 'held', 'after']);
      await until(ready, 30_000);
      expect(await ready()).toBe(true);
    } finally {
      release();
      await consumer.stop();
      await publisher.close();
    }
  }, 240_000);

  it.each([
    ['one by one', false],
    ['in batches', true],
  ])(
    "a message retried while a store is away does not hold its consumer's other work back once the broker returns (%s)",
    async (_, batches) => {
      const kafka = createKafka({ clientId: 'crash-test', brokers: broker.brokers, topicPrefix: '' }, logger);
      // One topic whose messages need a store that is away, one whose do not.
      const away = `${topic}.away.${batches ? 'batch' : 'single'}`;
      const free = `${topic}.free.${batches ? 'batch' : 'single'}`;
      await ensureTopics(
        kafka,
        [away, free].flatMap((name) => [
          { name, partitions: 1, compacted: false },
          { name: `${name}.dlq`, partitions: 1, compacted: false },
        ]),
      );
      const publisher = new EventPublisher(createIdempotentProducer(kafka), {
        maxBatch: 100,
        ackTimeoutMs: 10_000,
      });
      let storeAway = true;
      let tried = 0;
      const handled = new Set<string>();
      const handle = async (m: ReceivedMessage) => {
        if (m.topic === away && storeAway) {
          tried++;
          // An outage as the services say one (their database away): retried, never dead-lettered.
          throw DomainError.unavailable('store.away', 'the store is away');
        }
        handled.add(m.value!.toString());
      };
      const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
        groupId: `away-${randomUUID()}`,
        topics: [away, free],
        partitionsConsumedConcurrently: 2,
        maxBackoffMs: 500,
        handle,
        ...(batches
          ? { handleBatch: async (ms: ReceivedMessage[]) => void (await Promise.all(ms.map(handle))) }
          : {}),
      });
      const ready = () => readyNow(consumer);
      try {
        await consumer.start();
        await publisher.send({ topic: away, key: 'a', value: 'waits for the store' });
        await until(() => tried > 2, 30_000);
        expect(tried).toBeGreaterThan(2);

        // The member's run ends with the broker (not ready), while the message is being retried.
        await broker.kill();
        await until(async () => !(await ready()), 30_000);
        expect(await ready()).toBe(false);
        await broker.restart();
        await until(
          () =>
            publisher.send({ topic: free, key: 'b', value: 'needs no store' }).then(
              () => true,
              () => false,
            ),
          60_000,
        );
        // The member is back at work while the store is still away: what needs no store is handled,
        // and the message that waits for it is retried by the member that rejoined.
        await until(() => handled.has('needs no store'), 90_000);
        expect([...handled]).toEqual(['needs no store']);
        await until(ready, 30_000);
        expect(await ready()).toBe(true);

        storeAway = false;
        await until(() => handled.has('waits for the store'), 30_000);
        expect([...handled]).toEqual(['needs no store', 'waits for the store']);
      } finally {
        storeAway = false;
        await consumer.stop();
        await publisher.close();
      }
    },
    240_000,
  );
});
