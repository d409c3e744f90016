import {
  Connection,
  Consumer,
  FindCoordinatorKeyTypes,
  offsetCommitV8,
  type Message,
} from '@platformatic/kafka';
import type { Logger } from 'pino';
import { dlqTopic } from '@city/contracts';
import type { EventPublisher } from './event-publisher';
import { clientOptions, type Kafka, type TopicNames } from './kafka-client';
import { DLQ_HEADERS } from './managed-consumer';
import { LeftBehind, readRecord, wentBack, type ReplayRecord } from './replay-record';
import { endOffsets, startOffsets } from './topics-admin';

const IDLE_MS = 15_000;

export interface ReplayOptions {
  /** The original topic as contracts spell it (its dead letters are `<topic>.dlq`). */
  topic: string;
  /** Only the dead letters of this consumer group (dlq-consumer-group); default all. */
  consumerGroup?: string;
  /** Only dead letters whose error matches. */
  errorMatches?: RegExp;
  /** Only the dead letters at these places of `<topic>.dlq` (as a list of them names them); default all. */
  positions?: ReadonlyArray<{ partition: number; offset: string }>;
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
 * the end it had when it started, and keeps its position as the consumer group `dlq-replay.<topic>`. Consumers record handled
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
  const groupId = names.of(`dlq-replay.${options.topic}`);
  const [ends, lows, positions] = await Promise.all([
    endOffsets(kafka, source),
    startOffsets(kafka, source),
    readPositions(kafka, groupId, source),
  ]);
  const records = new Map<number, ReplayRecord | null>();
  const starts = new Map(
    [...ends.keys()].map((p) => {
      const c = positions.get(p);
      records.set(p, c ? readRecord(c.offset, c.metadata) : null);
      // A position the topic's retention has passed starts at the oldest letter still held.
      const low = lows.get(p) ?? 0n;
      return [p, c && c.offset > low ? c.offset : low];
    }),
  );
  const chosen = options.positions
    ? new Set(options.positions.map((l) => `${l.partition}/${l.offset}`))
    : null;
  const pending = new Set([...ends].filter(([p, end]) => (starts.get(p) ?? 0n) < end).map(([p]) => p));
  const out: ReplayedLetter[] = [];
  if (pending.size === 0) return out;
  /** Per partition read: the letters left behind, and how far it was read (all of it, unless a letter failed or the record was full). */
  const progress = new Map(
    [...pending].map((p) => [p, { left: new LeftBehind(), readTo: starts.get(p) ?? 0n, full: false }]),
  );

  // Read by a member of a group of its own from the replay's position; the position is the replay
  // group's, committed with its record (which the clients' commits cannot carry) by commitPositions.
  const readerGroup = `${groupId}.reader`;
  const running = (await kafka.withAdmin((admin) => admin.describeGroups({ groups: [readerGroup] }))).get(
    readerGroup,
  );
  if (running && running.members.size > 0)
    throw new Error(`a replay of ${options.topic}'s dead letters is under way; try again when it is done`);
  const consumer = new Consumer<string, Buffer, string, string>({
    ...clientOptions(kafka.settings),
    groupId: readerGroup,
    autocommit: false,
    deserializers: {
      key: (b?: Buffer) => b?.toString(),
      value: (b?: Buffer) => b,
      headerKey: (b?: Buffer) => b?.toString(),
      headerValue: (b?: Buffer) => b?.toString(),
    },
  });
  try {
    const stream = await consumer.consume({
      topics: [source],
      mode: 'manual',
      fallbackMode: 'earliest',
      offsets: [...pending].map((partition) => ({
        topic: source,
        partition,
        offset: starts.get(partition) ?? 0n,
      })),
    });
    const complete = (partition: number) => pending.delete(partition);
    let failure: unknown = null;
    // Letters up to the end it had at start are on the topic: a stream that brings none for this
    // long is stuck (a broker away), and the replay fails rather than waits for ever.
    let idle: NodeJS.Timeout | undefined;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => stream.destroy(new Error(`no dead letter arrived for ${IDLE_MS} ms before the replay's end`)),
        IDLE_MS,
      );
    };
    watch();
    try {
      for await (const message of stream as AsyncIterable<Message<string, Buffer, string, string>>) {
        watch();
        const partition = message.partition;
        const end = ends.get(partition) ?? 0n;
        const offset = message.offset;
        const read = progress.get(partition);
        if (!read || read.full || offset >= end || offset < read.readTo) continue;
        if (!wentBack(records.get(partition) ?? null, offset)) {
          const headers = Object.fromEntries(message.headers);
          const letter: ReplayedLetter = {
            partition,
            offset: offset.toString(),
            key: message.key ?? null,
            error: headers[DLQ_HEADERS.error] ?? '',
            consumerGroup: headers[DLQ_HEADERS.consumerGroup] ?? '',
            wanted: false,
            replayed: false,
          };
          const wanted =
            (!options.consumerGroup || letter.consumerGroup === options.consumerGroup) &&
            (!options.errorMatches || options.errorMatches.test(letter.error)) &&
            (!chosen || chosen.has(`${partition}/${letter.offset}`));
          letter.wanted = wanted;
          const original = headers[DLQ_HEADERS.originalTopic] ?? options.topic;
          if (!wanted && !read.left.add(offset, end)) {
            read.full = true;
            logger.warn(
              { partition, offset: letter.offset },
              'too many scattered letters left behind to remember: this partition stops here; replay without filters, then again',
            );
            complete(partition);
            if (pending.size === 0) break;
            continue;
          }
          if (wanted && !options.dryRun) {
            const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('dlq-')));
            await publisher.send({
              topic: names.of(original),
              key: letter.key,
              value: message.value ?? null,
              headers: {
                ...kept,
                [REPLAY_HEADERS.replayedFrom]: `${dlqTopic(options.topic)}/${partition}/${letter.offset}`,
                [REPLAY_HEADERS.replayedAt]: new Date().toISOString(),
              },
            });
            letter.replayed = true;
            logger.info(
              { partition, offset: letter.offset, key: letter.key, error: letter.error },
              'dead letter replayed',
            );
          }
          out.push(letter);
        }
        read.readTo = offset + 1n;
        if (read.readTo >= end) complete(partition);
        if (pending.size === 0) break;
      }
      if (pending.size > 0) throw new Error('the dead-letter stream ended before the replay read to its end');
    } catch (e) {
      failure = e ?? new Error('dead-letter replay failed');
    } finally {
      clearTimeout(idle);
      await stream.close().catch(() => undefined);
    }
    // What was read is remembered, also when a letter failed to go back (that one is read again next time).
    const commits = [...progress]
      .filter(([p, r]) => r.readTo > (starts.get(p) ?? 0n))
      .map(([partition, r]) => ({ partition, ...r.left.commit(r.readTo, records.get(partition) ?? null) }));
    if (!options.dryRun && commits.length > 0) {
      await commitPositions(kafka, groupId, source, commits).catch((e: Error) => {
        if (failure === null) throw e;
        logger.warn(
          { err: e.message },
          'replay position not saved after a failure; the letters that went back will go back again',
        );
      });
    }
    if (failure !== null) throw failure;
  } finally {
    await consumer.close(true).catch(() => undefined);
    await kafka.withAdmin((admin) => admin.deleteGroups({ groups: [readerGroup] })).catch(() => undefined);
  }
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Where a dead letter stands for the replay: removed by the topic's retention, put back by an earlier replay, or still there to put back. */
export type DeadLetterStanding = 'replayed' | 'expired' | 'waiting';

/**
 * Where each of these letters of `<topic>.dlq` stands, as the replays' own record says (the replay
 * group's position and what it left behind, whoever ran them: the console or `npm run dlq:replay`)
 * and as the topic's oldest offset says. Reads only.
 */
export async function deadLetterStandings(
  kafka: Kafka,
  names: TopicNames,
  topic: string,
  positions: ReadonlyArray<{ partition: number; offset: string }>,
): Promise<Map<string, DeadLetterStanding>> {
  const source = names.of(dlqTopic(topic));
  const [lows, committed] = await Promise.all([
    startOffsets(kafka, source),
    readPositions(kafka, names.of(`dlq-replay.${topic}`), source),
  ]);
  const out = new Map<string, DeadLetterStanding>();
  for (const { partition, offset } of positions) {
    const at = BigInt(offset);
    const c = committed.get(partition);
    // Gone from the topic, whether it went back first or not (a replay that starts past the retention
    // commits past letters it never read). Still there: before the replay's position every letter
    // went back; after it, those its record does not keep.
    const expired = at < (lows.get(partition) ?? 0n);
    const replayed = c !== undefined && (at < c.offset || wentBack(readRecord(c.offset, c.metadata), at));
    out.set(`${partition}/${offset}`, expired ? 'expired' : replayed ? 'replayed' : 'waiting');
  }
  return out;
}

/** The replay group's committed position per partition of the dead-letter topic, with the record kept beside it. */
async function readPositions(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<Map<number, { offset: bigint; metadata: string | null }>> {
  const [group] = await kafka.withAdmin((admin) => admin.listConsumerGroupOffsets({ groups: [groupId] }));
  const partitions = group?.topics.find((t) => t.name === topic)?.partitions ?? [];
  return new Map(
    partitions
      .filter((p) => p.committedOffset >= 0n)
      .map((p) => [p.partitionIndex, { offset: p.committedOffset, metadata: p.metadata ?? null }]),
  );
}

/**
 * Commits the replay group's position with its record in the commit's metadata, a field of Kafka's
 * OffsetCommit request that the client's commit leaves empty: so it goes to the group's coordinator
 * as that request (version 8, which every broker since Kafka 2.3 answers), as a group without members.
 */
async function commitPositions(
  kafka: Kafka,
  groupId: string,
  topic: string,
  commits: Array<{ partition: number; offset: string; metadata: string | null }>,
): Promise<void> {
  const [coordinator] = await kafka.withAdmin((admin) =>
    admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] }),
  );
  if (!coordinator) throw new Error(`no coordinator for the group ${groupId}`);
  const connection = new Connection(kafka.settings.clientId, { connectTimeout: 1_000 });
  try {
    await connection.connect(coordinator.host, coordinator.port);
    await offsetCommitV8.api.async(connection, groupId, -1, '', null, [
      {
        name: topic,
        partitions: commits.map((c) => ({
          partitionIndex: c.partition,
          committedOffset: BigInt(c.offset),
          committedLeaderEpoch: -1,
          committedMetadata: c.metadata,
        })),
      },
    ]);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
