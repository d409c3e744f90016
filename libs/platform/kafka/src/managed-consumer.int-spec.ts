import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { TopicProbe, uniquePrefix } from './topic-probe';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { EventPublisher } from './event-publisher';
import { DLQ_HEADERS, ManagedConsumer, PoisonMessageError, type ReceivedMessage } from './managed-consumer';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/** The consumer runner against the real broker: retries, dead letters, rebalances, and a stop that loses nothing. */
describe('ManagedConsumer (real Kafka)', () => {
  const prefix = uniquePrefix('mc');
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'mc-test',
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

  it('in batch mode, handles what a partition fetched together; a poison message in a batch is dead-lettered alone', async () => {
    const run = randomUUID();
    const batches: string[][] = [];
    const single: string[] = [];
    const seen: string[] = [];
    let transientFailures = 0;
    const isPoison = (v: string) => v === `poison-${run}`;
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `g-${run}`,
      topics: [topic],
      maxAttempts: 2,
      initialBackoffMs: 20,
      maxBatchSize: 50,
      isTransient: (e) => (e as Error).message === 'database restarting',
      handleBatch: async (ms) => {
        const values = ms.map((m) => m.value!.toString());
        // The first batch meets a database restart: retried whole, never split or dead-lettered.
        if (transientFailures++ === 0) throw new Error('database restarting');
        if (values.some(isPoison)) throw new PoisonMessageError('a poison message in the batch');
        batches.push(values);
        seen.push(...values);
      },
      handle: async (m) => {
        const v = m.value!.toString();
        if (isPoison(v)) throw new PoisonMessageError(`cannot read ${v}`);
        single.push(v);
        seen.push(v);
      },
    });
    // One key, so all land on one partition in this order.
    const values = Array.from({ length: 120 }, (_, i) => (i === 70 ? `poison-${run}` : `m-${i}-${run}`));
    for (const v of values) await send('same-key', v);
    await consumer.start();
    const dlq = await new TopicProbe(kafka, names.of(`${topic}.dlq`)).start();
    try {
      const dead = await dlq.waitFor((m) => m.value === `poison-${run}`, 20_000);
      expect(dead.headers[DLQ_HEADERS.error]).toBe(`cannot read poison-${run}`);
      const deadline = Date.now() + 20_000;
      // (The topic also holds the earlier test's messages; this group reads them too.)
      const ours = () => seen.filter((v) => v.endsWith(run));
      while (ours().length < 119 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Every good message once, in partition order; most of them in batches.
      expect(ours()).toEqual(values.filter((v) => !isPoison(v)));
      expect(batches.length).toBeGreaterThan(0);
      expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
      expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(50);
      expect(single.filter((v) => v.endsWith(run)).length).toBeLessThanOrEqual(49);
      expect(transientFailures).toBeGreaterThan(1);
      expect(dlq.filter((m) => m.value?.endsWith(run) ?? false)).toHaveLength(1);
    } finally {
      await dlq.stop();
      await consumer.stop();
    }
  }, 60_000);

  /** An event in the platform envelope, of a tenant, marked with the run and a name. */
  const thing = (tenantId: string, name: string, run: string) =>
    JSON.stringify(
      createEnvelope(
        { type: 'Thing', version: 1 },
        { tenantId, correlationId: `${name}-${run}`, payload: { name } },
      ),
    );
  const nameOf = (v: string, run: string): string | null => {
    try {
      const e = JSON.parse(v) as { correlationId?: string };
      return e.correlationId?.endsWith(`-${run}`) ? e.correlationId.slice(0, -run.length - 1) : null;
    } catch {
      return null;
    }
  };

  it('an event of a tenant the service does not serve is dead-lettered with the reason, never handled, and the stream goes on', async () => {
    const run = randomUUID();
    const handled: string[] = [];
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `g-${run}`,
      topics: [topic],
      tenants: ['default', 'malmo'],
      handle: async (m) => {
        const name = nameOf(m.value!.toString(), run);
        if (name) handled.push(name);
      },
    });
    await send('t-1', thing('default', 'ours-1', run));
    await send('t-2', thing('other-city', 'theirs', run), { 'correlation-id': `theirs-${run}` });
    await send('t-3', thing('default', 'ours-2', run));
    await send('t-4', thing('malmo', 'ours-3', run));
    await consumer.start();
    const dlq = await new TopicProbe(kafka, names.of(`${topic}.dlq`)).start();
    try {
      const dead = await dlq.waitFor((m) => nameOf(m.value ?? '', run) === 'theirs', 20_000);
      expect(dead.key).toBe('t-2');
      expect(dead.headers).toMatchObject({
        'correlation-id': `theirs-${run}`,
        [DLQ_HEADERS.error]: "tenant other-city is not this service's (default, malmo)",
        [DLQ_HEADERS.originalTopic]: topic,
        [DLQ_HEADERS.consumerGroup]: `g-${run}`,
      });
      const deadline = Date.now() + 20_000;
      while (handled.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Every city the service serves is its own.
      expect(handled.sort()).toEqual(['ours-1', 'ours-2', 'ours-3']);
      expect(dlq.filter((m) => nameOf(m.value ?? '', run) !== null)).toHaveLength(1);
    } finally {
      await dlq.stop();
      await consumer.stop();
    }
  }, 60_000);

  it('in batch mode, an event of another tenant is dead-lettered and left out of the batch; the rest are handled in order', async () => {
    const run = randomUUID();
    const seen: string[] = [];
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `g-${run}`,
      topics: [topic],
      tenants: ['default', 'malmo'],
      handleBatch: async (ms) => {
        for (const m of ms) {
          const name = nameOf(m.value!.toString(), run);
          if (name) seen.push(name);
        }
      },
      handle: async (m) => {
        const name = nameOf(m.value!.toString(), run);
        if (name) seen.push(name);
      },
    });
    const sent = ['ours-1', 'ours-2', 'theirs', 'ours-3', 'ours-4'];
    // One key: one partition, in this order, fetched as one batch.
    for (const name of sent)
      await send('same-tenant-key', thing(name === 'theirs' ? 'other-city' : 'default', name, run));
    await consumer.start();
    const dlq = await new TopicProbe(kafka, names.of(`${topic}.dlq`)).start();
    try {
      const dead = await dlq.waitFor((m) => nameOf(m.value ?? '', run) === 'theirs', 20_000);
      expect(dead.headers[DLQ_HEADERS.error]).toBe(
        "tenant other-city is not this service's (default, malmo)",
      );
      const deadline = Date.now() + 20_000;
      while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual(['ours-1', 'ours-2', 'ours-3', 'ours-4']);
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
    while (!secondHandled.includes(`after-${run}`) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await second.stop();
    // The committed offset was after the slow message: it is not handled twice.
    expect(secondHandled).toEqual([`after-${run}`]);
  }, 60_000);

  it('two members share the partitions; when one leaves, the other takes its partitions over and nothing is lost, each key in order', async () => {
    const run = randomUUID();
    const group = `g-${run}`;
    const keys = Array.from({ length: 20 }, (_, k) => `key-${k}-${run}`);
    const handled: Array<{ key: string; n: number; by: string }> = [];
    const member = (by: string) =>
      new ManagedConsumer(kafka, publisher, names, logger, {
        groupId: group,
        topics: [topic],
        handle: async (m) => {
          const [key, n] = m.value!.toString().split('#');
          if (key.endsWith(run)) handled.push({ key, n: Number(n), by });
        },
      });
    const sendRound = (round: number) => Promise.all(keys.map((key) => send(key, `${key}#${round}`)));
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 40_000;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    const a = member('a');
    const b = member('b');
    await a.start();
    await b.start();
    for (let round = 0; round < 5; round++) await sendRound(round);
    await until(() => new Set(handled.map((h) => `${h.key}#${h.n}`)).size >= keys.length * 5);
    await a.stop();
    for (let round = 5; round < 10; round++) await sendRound(round);
    await until(() => new Set(handled.map((h) => `${h.key}#${h.n}`)).size >= keys.length * 10);
    await b.stop();

    // Every message handled (at least once: a handover may repeat what was not yet committed) ...
    expect(new Set(handled.map((h) => `${h.key}#${h.n}`)).size).toBe(keys.length * 10);
    // ... and after a leaves, b handles everything.
    expect(handled.filter((h) => h.n >= 5).every((h) => h.by === 'b')).toBe(true);
    // Each key's messages are first handled in the order they were sent.
    for (const key of keys) {
      const firsts = [...new Set(handled.filter((h) => h.key === key).map((h) => h.n))];
      expect(firsts).toEqual([...firsts].sort((x, y) => x - y));
    }
  }, 90_000);

  // (kafkajs, the client before, held the group's join back while a handler ran and then went on with
  // the whole batch in hand; this is the behaviour that replaced it.)
  it('a member that joins while another holds a message in hand gets its partition at once; nothing is lost or handled twice but that message', async () => {
    const run = randomUUID();
    const group = `g-${run}`;
    const keys = Array.from({ length: 20 }, (_, k) => `key-${k}-${run}`);
    const handled: Array<{ key: string; n: number; by: string }> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inHand = new Promise<void>((r) => (started = r));
    const member = (by: string, hold: boolean) =>
      new ManagedConsumer(kafka, publisher, names, logger, {
        groupId: group,
        topics: [topic],
        handle: async (m) => {
          const [key, n] = m.value!.toString().split('#');
          if (!key.endsWith(run)) return;
          if (hold && handled.every((h) => h.by !== by)) {
            started();
            await gate; // the first message stays in hand through the rebalance
          }
          handled.push({ key, n: Number(n), by });
        },
      });
    const sendRound = (round: number) => Promise.all(keys.map((key) => send(key, `${key}#${round}`)));
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 40_000;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    for (let round = 0; round < 5; round++) await sendRound(round);
    const a = member('a', true);
    const b = member('b', false);
    await a.start();
    await inHand;
    await b.start();
    // b gets a partition while a still holds its message: the group did not wait for a's handler.
    await until(() => handled.some((h) => h.by === 'b'));
    expect(handled.some((h) => h.by === 'b')).toBe(true);
    release();
    for (let round = 5; round < 10; round++) await sendRound(round);
    const unique = () => new Set(handled.map((h) => `${h.key}#${h.n}`)).size;
    await until(() => unique() >= keys.length * 10);
    await a.stop();
    await b.stop();

    expect(unique()).toBe(keys.length * 10);
    // Only the message a held through the rebalance may be handled by both.
    expect(handled.length - unique()).toBeLessThanOrEqual(1);
    for (const key of keys) {
      const firsts = [...new Set(handled.filter((h) => h.key === key).map((h) => h.n))];
      expect(firsts).toEqual([...firsts].sort((x, y) => x - y));
    }
  }, 90_000);

  it("a consumer of every instance reads as a group of the process's own, from now on, and removes that group when it stops", async () => {
    const run = randomUUID();
    await send('before', `before-${run}`);
    const seen: string[] = [];
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: `calls-${run}`,
      topics: [topic],
      perInstance: true,
      fromBeginning: false,
      handle: async (m) => {
        if (m.value!.toString().endsWith(run)) seen.push(m.value!.toString());
      },
    });
    await consumer.start();
    const groups = async () =>
      [...(await kafka.withAdmin((admin) => admin.listGroups())).keys()].filter((g) =>
        g.includes(`calls-${run}`),
      );
    const own = await groups();
    expect(own).toHaveLength(1);
    expect(own[0].startsWith(`${prefix}calls-${run}.`)).toBe(true);
    await send('after', `after-${run}`);
    const deadline = Date.now() + 20_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.stop();
    expect(seen).toEqual([`after-${run}`]);
    expect(await groups()).toEqual([]);
  }, 60_000);
});
