import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { dlqTopic } from '@city/contracts';
import type { EventPublisher } from './event-publisher';
import type { TopicNames } from './kafka-client';
import { DLQ_HEADERS } from './managed-consumer';
import { LeftBehind, readRecord, wentBack, type ReplayRecord } from './replay-record';

export interface ReplayOptions {
  /** The original topic as contracts spell it (its dead letters are `<topic>.dlq`). */
  topic: string;
  /** Only the dead letters of this consumer group (dlq-consumer-group); default all. */
  consumerGroup?: string;
  /** Only dead letters whose error matches. */
  errorMatches?: RegExp;
  /** List what would be replayed; publish nothing, remember nothing. */
  dryRun?: boolean;
}

export interface ReplayedLetter {
  partition: number;
  offset: string;
  key: string | null;
  error: string;
  consumerGroup: string;
  /** It matches the filters. */
  wanted: boolean;
  /** It was put back (not in a dry run). */
  replayed: boolean;
}

/** Headers the replay adds to a message it puts back, so its history stays visible. */
export const REPLAY_HEADERS = { replayedFrom: 'dlq-replayed-from', replayedAt: 'dlq-replayed-at' } as const;

/**
 * Puts dead letters back on their original topic, once they can succeed (the bug fixed, the
 * dependency back): with their key and original headers, acks=all. It reads `<topic>.dlq` up to
 * the end it had when it started, as the consumer group `dlq-replay.<topic>`. Consumers record handled
 * event ids, so a message that did succeed before it was dead-lettered changes nothing the second time.
 * Every consumer group of the original topic sees the message again; the filters choose which letters
 * go back, not who reads them.
 *
 * Each letter goes back once, and a letter the filters skipped stays for a later replay: the group's
 * committed position only passes letters that went back, and the letters after it are remembered with
 * it in the offset commit's metadata (replay-record.ts): those left behind, and how far the replay read. A later replay, with any
 * filters or none, starts at that position, passes silently over the letters that already went back,
 * and weighs the ones left behind and the new ones. (Remembering a position per filter would put a
 * letter back again under a second filter that also matches it; stopping the position at the first
 * skipped letter alone would put back again every letter after it.) A partition that leaves too many
 * scattered letters behind for the record stops there, with a warning, and goes on after a replay
 * without filters has taken them.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  publisher: EventPublisher,
  names: TopicNames,
  logger: Logger,
  options: ReplayOptions,
): Promise<ReplayedLetter[]> {
  const source = names.of(dlqTopic(options.topic));
  const admin = kafka.admin();
  await admin.connect();
  const groupId = names.of(`dlq-replay.${options.topic}`);
  let ends: Map<number, bigint>;
  let starts: Map<number, bigint>;
  const records = new Map<number, ReplayRecord | null>();
  try {
    const offsets = await admin.fetchTopicOffsets(source);
    ends = new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
    const lows = new Map(offsets.map((p) => [p.partition, BigInt(p.low)]));
    const committed = (await admin.fetchOffsets({ groupId, topics: [source] }))[0]?.partitions ?? [];
    starts = new Map(
      [...ends.keys()].map((p) => {
        const c = committed.find((x) => x.partition === p);
        const start = c && c.offset !== '-1' ? BigInt(c.offset) : (lows.get(p) ?? 0n);
        records.set(p, c && c.offset !== '-1' ? readRecord(start, c.metadata) : null);
        return [p, start];
      }),
    );
  } finally {
    await admin.disconnect();
  }
  const pending = new Set([...ends].filter(([p, end]) => (starts.get(p) ?? 0n) < end).map(([p]) => p));
  const out: ReplayedLetter[] = [];
  if (pending.size === 0) return out;
  /** Per partition read: the letters left behind, and how far it was read (all of it, unless a letter failed or the record was full). */
  const progress = new Map(
    [...pending].map((p) => [p, { left: new LeftBehind(), readTo: starts.get(p) ?? 0n, full: false }]),
  );

  const consumer = kafka.consumer({
    groupId: options.dryRun ? `${groupId}.dry-run.${Date.now()}` : groupId,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: source, fromBeginning: true });
    let finish!: () => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
    const complete = (partition: number) => {
      pending.delete(partition);
      if (pending.size === 0) finish();
    };
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        try {
          const end = ends.get(partition) ?? 0n;
          const offset = BigInt(message.offset);
          const read = progress.get(partition);
          if (!read || read.full || offset >= end || offset < read.readTo) return;
          if (!wentBack(records.get(partition) ?? null, offset)) {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
            const letter: ReplayedLetter = {
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              error: headers[DLQ_HEADERS.error] ?? '',
              consumerGroup: headers[DLQ_HEADERS.consumerGroup] ?? '',
              wanted: false,
              replayed: false,
            };
            const wanted =
              (!options.consumerGroup || letter.consumerGroup === options.consumerGroup) &&
              (!options.errorMatches || options.errorMatches.test(letter.error));
            letter.wanted = wanted;
            const original = headers[DLQ_HEADERS.originalTopic] ?? options.topic;
            if (!wanted && !read.left.add(offset, end)) {
              read.full = true;
              logger.warn(
                { partition, offset: message.offset },
                'too many scattered letters left behind to remember: this partition stops here; replay without filters, then again',
              );
              complete(partition);
              return;
            }
            if (wanted && !options.dryRun) {
              const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('dlq-')));
              await publisher.send({
                topic: names.of(original),
                key: letter.key,
                value: message.value,
                headers: {
                  ...kept,
                  [REPLAY_HEADERS.replayedFrom]: `${dlqTopic(options.topic)}/${partition}/${message.offset}`,
                  [REPLAY_HEADERS.replayedAt]: new Date().toISOString(),
                },
              });
              letter.replayed = true;
              logger.info(
                { partition, offset: message.offset, key: letter.key, error: letter.error },
                'dead letter replayed',
              );
            }
            out.push(letter);
          }
          read.readTo = offset + 1n;
          if (read.readTo >= end) complete(partition);
        } catch (e) {
          fail(e);
          throw e;
        }
      },
    });
    let failure: unknown = null;
    await done.catch((e: unknown) => (failure = e ?? new Error('dead-letter replay failed')));
    // What was read is remembered, also when a letter failed to go back (that one is read again next time).
    const commits = [...progress]
      .filter(([p, r]) => r.readTo > (starts.get(p) ?? 0n))
      .map(([partition, r]) => ({
        topic: source,
        partition,
        ...r.left.commit(r.readTo, records.get(partition) ?? null),
      }));
    if (!options.dryRun && commits.length > 0) {
      await consumer.commitOffsets(commits).catch((e: Error) => {
        if (failure === null) throw e;
        logger.warn(
          { err: e.message },
          'replay position not saved after a failure; the letters that went back will go back again',
        );
      });
    }
    if (failure !== null) throw failure;
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
