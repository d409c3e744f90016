import { consumerLag, type Kafka } from '@city/platform-kafka';

/**
 * Waits until a service's consumer group has handled (committed) everything published so far on its
 * topics: the barrier before checking that something did not happen, where a sleep would pass
 * however slow the consumer is, and a later message on another partition proves nothing. `group` and
 * `topics` as the service names them (the Kafka client's prefix is added).
 */
export async function caughtUp(kafka: Kafka, group: string, topics: string[], ms = 30_000): Promise<void> {
  const prefix = kafka.settings.topicPrefix;
  const deadline = Date.now() + ms;
  for (;;) {
    const behind = (
      await kafka.withAdmin((admin) =>
        consumerLag(admin, [{ group: prefix + group, topics: topics.map((t) => prefix + t) }]),
      )
    ).filter((l) => l.lag > 0);
    if (behind.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `${group} is still behind: ${behind.map((l) => `${l.topic}[${l.partition}] ${l.lag}`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}
