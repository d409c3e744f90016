import type { Admin, Kafka } from 'kafkajs';
import type { TopicSpec } from '@city/contracts';

/** Creates the topics that do not exist yet, with their partition counts and cleanup policies. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: 1,
          configEntries: [
            { name: 'cleanup.policy', value: s.compacted ? 'compact' : 'delete' },
            ...(s.retentionMs !== undefined && !s.compacted
              ? [{ name: 'retention.ms', value: String(s.retentionMs) }]
              : []),
            ...(s.compacted
              ? [
                  { name: 'min.cleanable.dirty.ratio', value: '0.1' },
                  { name: 'segment.ms', value: String(3600_000) },
                ]
              : []),
          ],
        })),
      });
    }
    return missing.map((s) => s.name);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the broker answers a metadata request, up to timeoutMs. */
export async function waitForBroker(kafka: Kafka, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(
    `Kafka did not answer a metadata request within ${timeoutMs} ms: ${(last as Error)?.message}`,
  );
}

/** Deletes every topic whose name starts with the prefix (what a test or benchmark run created). */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
