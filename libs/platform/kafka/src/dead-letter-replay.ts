import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { dlqTopic } from '@city/contracts';
import type { EventPublisher } from './event-publisher';
import type { TopicNames } from './kafka-client';
import { DLQ_HEADERS } from './managed-consumer';

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
 * the end it had when it started, as the consumer group `dlq-replay.<topic>`, so that a second
 * replay starts after the first. Consumers record handled event ids, so a message that did succeed
 * before it was dead-lettered changes nothing the second time. Every consumer group of the original
 * topic sees the message again; the filters choose which letters go back, not who reads them.
 */
export async function replayDeadLetters(kafka: Kafka, publisher: EventPublisher, names: TopicNames, logger: Logger, options: ReplayOptions): Promise<ReplayedLetter[]> {
  const source = names.of(dlqTopic(options.topic));
  const admin = kafka.admin();
  await admin.connect();
  const groupId = names.of(`dlq-replay.${options.topic}`);
  let ends: Map<number, bigint>;
  let starts: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(source);
    ends = new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
    const lows = new Map(offsets.map((p) => [p.partition, BigInt(p.low)]));
    const committed = (await admin.fetchOffsets({ groupId, topics: [source] }))[0]?.partitions ?? [];
    starts = new Map([...ends.keys()].map((p) => {
      const c = committed.find((x) => x.partition === p)?.offset;
      return [p, c && c !== '-1' ? BigInt(c) : (lows.get(p) ?? 0n)];
    }));
  } finally {
    await admin.disconnect();
  }
  const pending = new Set([...ends].filter(([p, end]) => (starts.get(p) ?? 0n) < end).map(([p]) => p));
  const out: ReplayedLetter[] = [];
  if (pending.size === 0) return out;

  const consumer = kafka.consumer({ groupId: options.dryRun ? `${groupId}.dry-run.${Date.now()}` : groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: source, fromBeginning: true });
    let finish!: () => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
    await consumer.run({
      autoCommit: !options.dryRun,
      eachMessage: async ({ partition, message }) => {
        try {
          const end = ends.get(partition) ?? 0n;
          const offset = BigInt(message.offset);
          if (offset >= end || offset < (starts.get(partition) ?? 0n)) return;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
          const letter: ReplayedLetter = {
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            error: headers[DLQ_HEADERS.error] ?? '',
            consumerGroup: headers[DLQ_HEADERS.consumerGroup] ?? '',
            wanted: false,
            replayed: false,
          };
          const wanted = (!options.consumerGroup || letter.consumerGroup === options.consumerGroup) && (!options.errorMatches || options.errorMatches.test(letter.error));
          letter.wanted = wanted;
          const original = headers[DLQ_HEADERS.originalTopic] ?? options.topic;
          if (wanted && !options.dryRun) {
            const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('dlq-')));
            await publisher.send({
              topic: names.of(original),
              key: letter.key,
              value: message.value,
              headers: { ...kept, [REPLAY_HEADERS.replayedFrom]: `${dlqTopic(options.topic)}/${partition}/${message.offset}`, [REPLAY_HEADERS.replayedAt]: new Date().toISOString() },
            });
            letter.replayed = true;
            logger.info({ partition, offset: message.offset, key: letter.key, error: letter.error }, 'dead letter replayed');
          }
          out.push(letter);
          if (offset + 1n >= end) {
            pending.delete(partition);
            if (pending.size === 0) finish();
          }
        } catch (e) {
          fail(e);
          throw e;
        }
      },
    });
    await done;
  } finally {
    // Disconnecting commits what was handled (autoCommit), so the next replay starts after it.
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
