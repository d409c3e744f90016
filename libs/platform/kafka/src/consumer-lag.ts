import type { Admin } from '@platformatic/kafka';

/** How far a consumer group is behind on one partition: the end offset minus the group's committed offset. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/** A consumer group and the topics it reads, as the broker names them (with the process's prefix). */
export interface GroupTopics {
  group: string;
  topics: string[];
}

/**
 * The lag of each group on each partition of its topics, in three requests to the broker (the
 * topics' partitions, their end offsets, the groups' committed offsets). A partition the group has
 * never committed counts from the partition's start, as a new group reading from the beginning would.
 */
export async function consumerLag(admin: Admin, groups: GroupTopics[]): Promise<PartitionLag[]> {
  if (groups.length === 0) return [];
  const topics = [...new Set(groups.flatMap((g) => g.topics))];
  const metadata = await admin.metadata({ topics });
  const partitionsOf = (topic: string) =>
    Array.from({ length: metadata.topics.get(topic)?.partitionsCount ?? 0 }, (_, i) => i);
  const request = (timestamp: bigint) =>
    topics.map((name) => ({
      name,
      partitions: partitionsOf(name).map((partitionIndex) => ({ partitionIndex, timestamp })),
    }));
  const [ends, starts, committed] = await Promise.all([
    admin.listOffsets({ topics: request(-1n) }),
    admin.listOffsets({ topics: request(-2n) }),
    admin.listConsumerGroupOffsets({ groups: groups.map((g) => g.group) }),
  ]);
  const offsetIn = (listed: typeof ends, topic: string, partition: number) =>
    listed.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === partition)?.offset ??
    0n;
  const lags: PartitionLag[] = [];
  for (const { group, topics: groupTopics } of groups) {
    const offsets = committed.find((c) => c.groupId === group);
    for (const topic of groupTopics)
      for (const partition of partitionsOf(topic)) {
        const end = offsetIn(ends, topic, partition);
        const done = offsets?.topics
          .find((t) => t.name === topic)
          ?.partitions.find((p) => p.partitionIndex === partition)?.committedOffset;
        const from = done !== undefined && done >= 0n ? done : offsetIn(starts, topic, partition);
        lags.push({ group, topic, partition, lag: Number(end > from ? end - from : 0n) });
      }
  }
  return lags;
}
