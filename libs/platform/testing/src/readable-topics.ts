import { randomUUID } from 'node:crypto';
import { TOPICS } from '@city/contracts';
import {
  createKafka,
  isSealed,
  KeyRing,
  masterKeyOf,
  messageCount,
  openEnvelope,
  ConsumerRunner,
  TopicNames,
  type EventPublisher,
  type KafkaMessage,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';

/** A message of a run's topics as whoever holds the deployment's master key could read it. */
export interface ReadableMessage {
  topic: string;
  /** Its key and value, the value opened when its data key is still on the key topic. */
  text: string;
  /** Whether its value is sealed with a key that is no longer there (or never came). */
  unreadable: boolean;
}

/**
 * Every message on every topic of a run (its prefix), each read from the beginning, sealed events
 * opened with the data keys the key topic still holds (docs/personal-data.md): what the platform's
 * Kafka still gives away to anyone who has the broker and the master key. What an erasure took stays
 * sealed, and says so.
 */
export async function readableTopics(
  brokers: string[],
  prefix: string,
  masterKey: string,
): Promise<ReadableMessage[]> {
  const logger = createLogger('readable-topics', 'silent');
  const kafka = createKafka({ clientId: 'readable-topics', brokers, topicPrefix: prefix }, logger);
  const names = new TopicNames(prefix);
  // It only reads keys: it never makes one.
  const ring = new KeyRing(kafka, logger, null as unknown as EventPublisher, {
    master: masterKeyOf(masterKey),
    topic: names.of(TOPICS.privacyKeys),
    clientId: 'readable-topics',
  });
  await ring.start();
  const read: ReadableMessage[] = [];
  try {
    const topics = await kafka.withAdmin(async (admin) =>
      (await admin.listTopics()).filter((t) => t.startsWith(prefix)),
    );
    const totals = new Map<string, number>();
    for (const topic of topics) totals.set(topic, await messageCount(kafka, topic));
    const held = topics.filter((t) => totals.get(t)! > 0);
    const total = [...totals.values()].reduce((a, b) => a + b, 0);
    // One consumer for them all: one group to join, not one per topic.
    const messages: KafkaMessage[] = [];
    const consumer = new ConsumerRunner(kafka.settings, logger, {
      groupId: `readable-topics.${randomUUID()}`,
      topics: held,
      fromBeginning: true,
      maxBuffered: 4_096,
      maxLot: 500,
      concurrency: 8,
      handle: async (lot) => {
        messages.push(...lot);
        return lot.length;
      },
      onJoined: () => undefined,
      onTrouble: () => undefined,
    });
    await consumer.start();
    for (const deadline = Date.now() + 60_000; messages.length < total && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 50));
    await consumer.stop();
    if (messages.length < total) throw new Error(`read ${messages.length} of the topics' ${total} messages`);
    for (const m of messages) {
      let value = m.value?.toString('utf8') ?? '';
      let unreadable = false;
      const parsed = (() => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          return null;
        }
      })();
      if (isSealed(parsed)) {
        const key = await ring.key(parsed.sealed.kid, 0);
        if (Buffer.isBuffer(key)) value = JSON.stringify(openEnvelope(parsed, key));
        else unreadable = true;
      }
      read.push({ topic: names.base(m.topic), text: `${m.key ?? ''} ${value}`, unreadable });
    }
  } finally {
    await ring.stop();
  }
  return read;
}
