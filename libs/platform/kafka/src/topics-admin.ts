import { ConfigResourceTypes, ListOffsetTimestamps, type Admin } from '@platformatic/kafka';
import type { TopicSpec } from '@city/contracts';
import type { Kafka } from './kafka-client';

/**
 * How the project's topics are placed on the brokers: how many copies of each partition, and how
 * many of them must have a message before the broker acknowledges it to an `acks=all` producer. One
 * broker (development, CI, `npm run up`): 1 and 1. A cluster: 3 and 2, so a broker can be lost (or
 * restarted for an upgrade) and every acknowledged message is still on two.
 */
export interface TopicPlacement {
  replicationFactor: number;
  minInsyncReplicas: number;
}
export const SINGLE_BROKER: TopicPlacement = { replicationFactor: 1, minInsyncReplicas: 1 };

/**
 * The placement the environment asks for (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS), a
 * single broker's when unset; refused when the minimum is more than the copies, or the copies more
 * than the brokers given.
 */
export function topicPlacementOf(env: NodeJS.ProcessEnv, brokers?: number): TopicPlacement {
  const int = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: a whole number of at least 1, not "${raw}"`);
    return n;
  };
  const replicationFactor = int('KAFKA_REPLICATION_FACTOR', 1);
  const minInsyncReplicas = int('KAFKA_MIN_INSYNC_REPLICAS', Math.min(2, replicationFactor));
  if (minInsyncReplicas > replicationFactor)
    throw new Error(
      `KAFKA_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) is more than KAFKA_REPLICATION_FACTOR (${replicationFactor}): no message could be acknowledged`,
    );
  if (brokers !== undefined && replicationFactor > brokers)
    throw new Error(
      `KAFKA_REPLICATION_FACTOR (${replicationFactor}) is more than the ${brokers} brokers given`,
    );
  return { replicationFactor, minInsyncReplicas };
}

const configsOf = (s: TopicSpec, placement: TopicPlacement) => [
  { name: 'cleanup.policy', value: s.compacted ? 'compact' : 'delete' },
  { name: 'min.insync.replicas', value: String(placement.minInsyncReplicas) },
  ...(s.retentionMs !== undefined && !s.compacted
    ? [{ name: 'retention.ms', value: String(s.retentionMs) }]
    : []),
  ...(s.compacted
    ? [
        { name: 'min.cleanable.dirty.ratio', value: '0.1' },
        { name: 'segment.ms', value: String(3600_000) },
        ...(s.tombstonesForMs !== undefined
          ? [{ name: 'delete.retention.ms', value: String(s.tombstonesForMs) }]
          : []),
      ]
    : []),
];

/**
 * Creates the topics that do not exist yet, with their partition counts, cleanup policies and
 * placement, and returns once every partition of them has a leader (so the first publish does not
 * meet a topic still being placed). Another process creating the same topic at the same moment is no
 * error. A topic that exists is left as it is (a change of its copies is a reassignment, an
 * operator's decision): `topicPlacements` says how each is placed.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: TopicSpec[],
  placement: TopicPlacement = SINGLE_BROKER,
): Promise<string[]> {
  return kafka.withAdmin(async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    const created: string[] = [];
    for (const s of missing) {
      try {
        await admin.createTopics({
          topics: [s.name],
          partitions: s.partitions,
          replicas: placement.replicationFactor,
          configs: configsOf(s, placement),
        });
        created.push(s.name);
      } catch (e) {
        if (!(await admin.listTopics()).includes(s.name)) throw e;
      }
    }
    if (missing.length)
      await waitForLeaders(
        admin,
        missing.map((s) => s.name),
      );
    return created;
  });
}

/** How each topic is placed now: the fewest copies any of its partitions has, and its `min.insync.replicas`. */
export async function topicPlacements(kafka: Kafka, topics: string[]): Promise<Map<string, TopicPlacement>> {
  return kafka.withAdmin(async (admin) => {
    const metadata = await admin.metadata({ topics, forceUpdate: true });
    const configs = await admin.describeConfigs({
      resources: topics.map((name) => ({
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: name,
        configurationKeys: ['min.insync.replicas'],
      })),
    });
    const minIsr = new Map(
      configs.map((c) => [
        c.resourceName,
        Number(c.configs.find((x) => x.name === 'min.insync.replicas')?.value ?? 1),
      ]),
    );
    return new Map(
      topics.map((t) => [
        t,
        {
          replicationFactor: Math.min(
            ...(metadata.topics.get(t)?.partitions ?? []).map((p) => p.replicas.length),
          ),
          minInsyncReplicas: minIsr.get(t) ?? 1,
        },
      ]),
    );
  });
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metadata = await admin.metadata({ topics, forceUpdate: true }).catch(() => null);
    const placed = topics.every((t) => {
      const topic = metadata?.topics.get(t);
      return !!topic && topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0);
    });
    if (placed) return;
    if (Date.now() > deadline)
      throw new Error(`topics without a leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the broker answers a metadata request, up to timeoutMs. */
export async function waitForBroker(kafka: Kafka, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await kafka.withAdmin((admin) => admin.metadata({ topics: [] }));
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(
    `Kafka did not answer a metadata request within ${timeoutMs} ms: ${(last as Error)?.message}`,
  );
}

/** Deletes every topic whose name starts with the prefix (what a test or benchmark run created). */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  await kafka.withAdmin(async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics });
  });
}

/** How many messages the topic holds now (its partitions' end offsets less their starts). */
export async function messageCount(kafka: Kafka, topic: string): Promise<number> {
  const [ends, starts] = await Promise.all([endOffsets(kafka, topic), startOffsets(kafka, topic)]);
  return [...ends].reduce((sum, [p, end]) => sum + Number(end - (starts.get(p) ?? 0n)), 0);
}

/** Each partition's end offset (the offset the next message will get). */
export const endOffsets = (kafka: Kafka, topic: string) =>
  offsetsAt(kafka, topic, ListOffsetTimestamps.LATEST);
/** Each partition's first offset still held. */
export const startOffsets = (kafka: Kafka, topic: string) =>
  offsetsAt(kafka, topic, ListOffsetTimestamps.EARLIEST);

async function offsetsAt(kafka: Kafka, topic: string, timestamp: bigint): Promise<Map<number, bigint>> {
  return kafka.withAdmin(async (admin) => {
    const metadata = await admin.metadata({ topics: [topic] });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const [listed] = await admin.listOffsets({
      topics: [
        {
          name: topic,
          partitions: Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp })),
        },
      ],
    });
    return new Map((listed?.partitions ?? []).map((p) => [p.partitionIndex, p.offset]));
  });
}
