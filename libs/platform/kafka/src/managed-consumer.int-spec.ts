import { randomUUID } from 'node:crypto';
import { createLogger } from '@city/platform-logging';
import { TopicProbe, uniquePrefix } from './topic-probe';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { EventPublisher } from './event-publisher';
import { DLQ_HEADERS, ManagedConsumer, PoisonMessageError, type ReceivedMessage } from './managed-consumer';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/** The consumer runner against the real broker: retries, dead letters, and a stop that loses nothing. */
describe('ManagedConsumer (real Kafka)', () => {
  const prefix = uniquePrefix('mc');
  const logger = createLogger('test', 'silent');
  const kafka = createKafka({ clientId: 'mc-test', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), topicPrefix: prefix }, logger);
  const names = new TopicNames(prefix);
  const publisher = new EventPublisher(createIdempotentProducer(kafka), { maxBatch: 100, ackTimeoutMs: 10_000 });
  const topic = 'things.v1';

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { name: names.of(topic), partitions: 2, compacted: false },
      { name: names.of(`${topic}.dlq`), partitions: 1, compacted: false },
    ]);
  });
  afterAll(async () => {
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  const send = (key: string, value: string, headers: Record<string, string> = {}) =>
    publisher.send({ topic: names.of(topic), key, value, headers });

  it('retries a failing message with back-off, dead-letters poison with the error and original headers, and goes on', async () => {
    const run = randomUUID();
    const handled: string[] = [];
    const attempts = new Map<string, number>();
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `g-${run}`,
      topics: [topic],
      maxAttempts: 3,
      initialBackoffMs: 20,
      handle: async (m: ReceivedMessage) => {
        const v = m.value!.toString();
        attempts.set(v, (attempts.get(v) ?? 0) + 1);
        if (v.startsWith('flaky') && attempts.get(v)! < 3) throw new Error('database blinked');
        if (v.startsWith('always-fails')) throw new Error('downstream refuses this');
        if (v.startsWith('poison')) throw new PoisonMessageError('unknown event Thing v9');
        handled.push(v);
      },
    });
    await send('k1', `ok-1-${run}`);
    await send('k2', `flaky-${run}`);
    await send('k3', `poison-${run}`, { 'correlation-id': `corr-${run}`, 'event-type': 'Thing' });
    await send('k4', `always-fails-${run}`);
    await send('k5', `ok-2-${run}`);
    await consumer.start();
    const dlq = await new TopicProbe(kafka, names.of(`${topic}.dlq`)).start();
    try {
      const poison = await dlq.waitFor((m) => m.value === `poison-${run}`, 20_000);
      expect(poison.key).toBe('k3');
      expect(poison.headers).toMatchObject({
        'correlation-id': `corr-${run}`,
        'event-type': 'Thing',
        [DLQ_HEADERS.error]: 'unknown event Thing v9',
        [DLQ_HEADERS.originalTopic]: topic,
        [DLQ_HEADERS.consumerGroup]: `g-${run}`,
        [DLQ_HEADERS.attempts]: '1',
      });
      expect(Number(poison.headers[DLQ_HEADERS.originalPartition])).toBeGreaterThanOrEqual(0);
      const failing = await dlq.waitFor((m) => m.value === `always-fails-${run}`, 20_000);
      expect(failing.headers[DLQ_HEADERS.attempts]).toBe('3');
      expect(failing.headers[DLQ_HEADERS.error]).toBe('downstream refuses this');
      const deadline = Date.now() + 20_000;
      while (handled.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(handled.sort()).toEqual([`flaky-${run}`, `ok-1-${run}`, `ok-2-${run}`].sort());
      expect(attempts.get(`flaky-${run}`)).toBe(3);
      expect(attempts.get(`poison-${run}`)).toBe(1);
    } finally {
      await dlq.stop();
      await consumer.stop();
    }
  }, 60_000);

  it('a stop lets the message in hand finish and commits it; the next consumer starts after it', async () => {
    const run = randomUUID();
    const group = `g-${run}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const firstHandled: string[] = [];
    let started!: () => void;
    const inHand = new Promise<void>((r) => (started = r));
    const first = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: group,
      topics: [topic],
      handle: async (m) => {
        const v = m.value!.toString();
        if (!v.endsWith(run)) return;
        started();
        await gate; // slow work under way when the stop comes
        firstHandled.push(v);
      },
    });
    await first.start();
    await send('slow', `slow-${run}`);
    await inHand;
    const stopping = first.stop();
    await new Promise((r) => setTimeout(r, 200));
    release();
    await stopping;
    expect(firstHandled).toEqual([`slow-${run}`]);

    await send('after', `after-${run}`);
    const secondHandled: string[] = [];
    const second = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: group,
      topics: [topic],
      handle: async (m) => {
        if (m.value!.toString().endsWith(run)) secondHandled.push(m.value!.toString());
      },
    });
    await second.start();
    const deadline = Date.now() + 20_000;
    while (!secondHandled.includes(`after-${run}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await second.stop();
    // The committed offset was after the slow message: it is not handled twice.
    expect(secondHandled).toEqual([`after-${run}`]);
  }, 60_000);
});
