import { createLogger } from '@city/platform-logging';
import { deadLetterStandings, replayDeadLetters, REPLAY_HEADERS } from './dead-letter-replay';
import { EventPublisher } from './event-publisher';
import { createIdempotentProducer, createKafka, TopicNames } from './kafka-client';
import { DLQ_HEADERS, ManagedConsumer, type ReceivedMessage } from './managed-consumer';
import { TopicProbe, uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

/** Dead letters go back once the fault is fixed, against the real broker: each once, filtered, with their history. */
describe('replayDeadLetters (real Kafka)', () => {
  const prefix = uniquePrefix('replay');
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'replay-test',
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
  const topic = 'orders.v1';

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { name: names.of(topic), partitions: 3, compacted: false },
      { name: names.of(`${topic}.dlq`), partitions: 1, compacted: false },
    ]);
  });
  afterAll(async () => {
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  it('replays what failed while a dependency was broken, once, and only the letters asked for', async () => {
    let broken = true;
    const handled: string[] = [];
    const consumer = new ManagedConsumer(kafka, publisher, names, logger, {
      groupId: 'orders-service',
      topics: [topic],
      maxAttempts: 2,
      initialBackoffMs: 10,
      handle: async (m: ReceivedMessage) => {
        const v = m.value!.toString();
        if (v.startsWith('unreadable')) throw new Error('cannot parse this order');
        if (broken && v.startsWith('needs-tax-service')) throw new Error('tax service answered 500');
        handled.push(v);
      },
    });
    const dlq = await new TopicProbe(kafka, names.of(`${topic}.dlq`)).start();
    const replays = await new TopicProbe(kafka, names.of(topic)).start();
    await consumer.start();
    try {
      const values = ['needs-tax-service-1', 'ok-1', 'needs-tax-service-2', 'unreadable-1'];
      for (const v of values)
        await publisher.send({
          topic: names.of(topic),
          key: `k-${v}`,
          value: v,
          headers: { 'correlation-id': `corr-${v}` },
        });
      for (const v of ['needs-tax-service-1', 'needs-tax-service-2', 'unreadable-1'])
        await dlq.waitFor((m) => m.value === v, 20_000);

      // A dry run lists and changes nothing. (The order of dead letters follows the partitions' pace.)
      const dry = await replayDeadLetters(kafka, publisher, names, logger, {
        topic,
        errorMatches: /tax service/,
        dryRun: true,
      });
      expect(dry.map((l) => [l.key, l.wanted, l.replayed]).sort()).toEqual([
        ['k-needs-tax-service-1', true, false],
        ['k-needs-tax-service-2', true, false],
        ['k-unreadable-1', false, false],
      ]);

      broken = false; // the tax service is back
      const first = await replayDeadLetters(kafka, publisher, names, logger, {
        topic,
        consumerGroup: 'orders-service',
        errorMatches: /tax service/,
      });
      expect(
        first
          .filter((l) => l.replayed)
          .map((l) => l.key)
          .sort(),
      ).toEqual(['k-needs-tax-service-1', 'k-needs-tax-service-2']);
      expect(first.find((l) => l.key === 'k-unreadable-1')).toMatchObject({
        wanted: false,
        replayed: false,
        error: 'cannot parse this order',
      });

      const deadline = Date.now() + 20_000;
      while (handled.filter((v) => v.startsWith('needs-tax')).length < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(handled.sort()).toEqual(['needs-tax-service-1', 'needs-tax-service-2', 'ok-1']);
      const back = replays.filter((m) => m.headers[REPLAY_HEADERS.replayedFrom] !== undefined);
      expect(back).toHaveLength(2);
      expect(back[0].headers).toMatchObject({
        'correlation-id': expect.stringMatching(/^corr-needs-tax-service/),
      });
      expect(
        Object.keys(back[0].headers).filter((h) => h.startsWith('dlq-') && !h.startsWith('dlq-replayed')),
      ).toEqual([]);

      // The same replay again puts nothing back twice; the letter it skipped is still there for a later replay.
      const again = await replayDeadLetters(kafka, publisher, names, logger, {
        topic,
        consumerGroup: 'orders-service',
        errorMatches: /tax service/,
      });
      expect(again.map((l) => [l.key, l.replayed])).toEqual([['k-unreadable-1', false]]);
    } finally {
      await consumer.stop();
      await Promise.all([dlq.stop(), replays.stop()]);
    }
  }, 90_000);

  it('a replay with filters leaves the letters it skipped for a later replay, and nothing goes back twice', async () => {
    const permits = 'permits.v1';
    await ensureTopics(kafka, [
      { name: names.of(permits), partitions: 1, compacted: false },
      { name: names.of(`${permits}.dlq`), partitions: 1, compacted: false },
    ]);
    // Dead letters of two consumer groups, with their errors, in the order they failed (offsets 0 to 5).
    const letter = (n: number, group: string, error: string) =>
      publisher.send({
        topic: names.of(`${permits}.dlq`),
        key: `permit-${n}`,
        value: `permit-${n}`,
        headers: {
          [DLQ_HEADERS.error]: error,
          [DLQ_HEADERS.consumerGroup]: group,
          [DLQ_HEADERS.originalTopic]: permits,
        },
      });
    await letter(0, 'billing', 'tax service answered 500');
    await letter(1, 'archive', 'disk full');
    await letter(2, 'billing', 'cannot parse this permit');
    await letter(3, 'billing', 'tax service answered 500');
    await letter(4, 'archive', 'disk full');
    await letter(5, 'billing', 'tax service timed out');
    const back = await new TopicProbe(kafka, names.of(permits)).start();
    const replay = async (filters: { consumerGroup?: string; errorMatches?: RegExp }) =>
      (await replayDeadLetters(kafka, publisher, names, logger, { topic: permits, ...filters })).map(
        (l) => `${l.key} ${l.replayed ? 'replayed' : 'skipped'}`,
      );
    try {
      // The tax service is back: billing's tax letters go back; the others stay in the dead-letter topic.
      expect(await replay({ consumerGroup: 'billing', errorMatches: /tax service/ })).toEqual([
        'permit-0 replayed',
        'permit-1 skipped',
        'permit-2 skipped',
        'permit-3 replayed',
        'permit-4 skipped',
        'permit-5 replayed',
      ]);
      // The same replay again: nothing twice, and the operator still sees what is left.
      expect(await replay({ consumerGroup: 'billing', errorMatches: /tax service/ })).toEqual([
        'permit-1 skipped',
        'permit-2 skipped',
        'permit-4 skipped',
      ]);
      // The disk is fixed: archive's letters go back, with one that failed since.
      await letter(6, 'archive', 'disk full');
      expect(await replay({ consumerGroup: 'archive' })).toEqual([
        'permit-1 replayed',
        'permit-2 skipped',
        'permit-4 replayed',
        'permit-6 replayed',
      ]);
      // The parser is fixed: a replay without filters puts back the one letter left, and then nothing.
      expect(await replay({})).toEqual(['permit-2 replayed']);
      expect(await replay({})).toEqual([]);

      // On the original topic: every letter once, each saying where it came from.
      await back.waitFor(() => back.messages.length >= 7, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(back.messages.map((m) => `${m.value} from ${m.headers[REPLAY_HEADERS.replayedFrom]}`)).toEqual(
        [0, 3, 5, 1, 4, 6, 2].map((n) => `permit-${n} from ${permits}.dlq/0/${n}`),
      );
    } finally {
      await back.stop();
    }
  }, 90_000);

  it('puts back the letters chosen by their place, and says where each letter stands', async () => {
    const fines = 'fines.v1';
    const dlq = names.of(`${fines}.dlq`);
    await ensureTopics(kafka, [
      { name: names.of(fines), partitions: 1, compacted: false },
      { name: dlq, partitions: 1, compacted: false },
    ]);
    for (let n = 0; n < 5; n++)
      await publisher.send({
        topic: dlq,
        key: `fine-${n}`,
        value: `fine-${n}`,
        headers: { [DLQ_HEADERS.error]: 'ledger answered 503', [DLQ_HEADERS.originalTopic]: fines },
      });
    const at = (...offsets: number[]) => offsets.map((o) => ({ partition: 0, offset: String(o) }));
    const standings = async () => [
      ...(await deadLetterStandings(kafka, names, fines, at(0, 1, 2, 3, 4))).values(),
    ];
    expect(await standings()).toEqual(['waiting', 'waiting', 'waiting', 'waiting', 'waiting']);

    const first = await replayDeadLetters(kafka, publisher, names, logger, {
      topic: fines,
      positions: at(1, 3),
    });
    expect(first.map((l) => `${l.key} ${l.replayed ? 'replayed' : 'skipped'}`)).toEqual([
      'fine-0 skipped',
      'fine-1 replayed',
      'fine-2 skipped',
      'fine-3 replayed',
      'fine-4 skipped',
    ]);
    expect(await standings()).toEqual(['waiting', 'replayed', 'waiting', 'replayed', 'waiting']);
    // Asked again for one that went back: it is passed over, not put back twice.
    const again = await replayDeadLetters(kafka, publisher, names, logger, {
      topic: fines,
      positions: at(1, 4),
    });
    expect(again.filter((l) => l.replayed).map((l) => l.key)).toEqual(['fine-4']);
    // The retention removes the first two: gone, whether they went back first or not.
    await kafka.withAdmin((admin) =>
      admin.deleteRecords({ topics: [{ name: dlq, partitions: [{ partition: 0, offset: 2n }] }] }),
    );
    expect(await standings()).toEqual(['expired', 'expired', 'waiting', 'replayed', 'replayed']);
  }, 90_000);

  it('a replay whose position the retention has passed starts at the oldest letter still held', async () => {
    const licences = 'licences.v1';
    const dlq = names.of(`${licences}.dlq`);
    await ensureTopics(kafka, [
      { name: names.of(licences), partitions: 1, compacted: false },
      { name: dlq, partitions: 1, compacted: false },
    ]);
    const letter = (n: number) =>
      publisher.send({
        topic: dlq,
        key: `licence-${n}`,
        value: `licence-${n}`,
        headers: { [DLQ_HEADERS.error]: 'registry answered 503', [DLQ_HEADERS.originalTopic]: licences },
      });
    const replay = async () =>
      (await replayDeadLetters(kafka, publisher, names, logger, { topic: licences })).map(
        (l) => `${l.key} ${l.replayed ? 'replayed' : 'skipped'}`,
      );
    await letter(0);
    await letter(1);
    expect(await replay()).toEqual(['licence-0 replayed', 'licence-1 replayed']);
    // Two more fail, and the retention removes them before anyone replays (the replay's position, 2,
    // is now before the oldest letter held, 4); then two more fail.
    await letter(2);
    await letter(3);
    await kafka.withAdmin((admin) =>
      admin.deleteRecords({ topics: [{ name: dlq, partitions: [{ partition: 0, offset: 4n }] }] }),
    );
    await letter(4);
    await letter(5);
    expect(await replay()).toEqual(['licence-4 replayed', 'licence-5 replayed']);
    expect(await replay()).toEqual([]);
  }, 90_000);
});
