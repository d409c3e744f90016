import { randomUUID } from 'node:crypto';
import { TOPICS } from '@city/contracts';
import {
  createKafka,
  sealedOf,
  KeyRing,
  masterKeyOf,
  messageCount,
  openEnvelope,
  ConsumerRunner,
  TopicNames,
  type Kafka,
  type KafkaMessage,
  type ProbedMessage,
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
 * Opens sealed events as a consumer of the platform would, with the data keys the key topic still
 * holds (docs/personal-data.md): for a test that reads what the services published.
 */
export class EventOpener {
  private constructor(private readonly ring: KeyRing) {}

  /** Reads the run's key topic (its prefix) whole before it answers. */
  static async start(kafka: Kafka, prefix: string, secret: string): Promise<EventOpener> {
    const ring = KeyRing.readingOnly(kafka, kafka.logger, {
      master: masterKeyOf(secret),
      topic: new TopicNames(prefix).of(TOPICS.privacyKeys),
      clientId: 'event-opener',
    });
    await ring.start();
    return new EventOpener(ring);
  }

  /** A message's value opened when it is sealed and its key is there; `unreadable` when it is sealed and it is not. */
  async open(value: string | null): Promise<{ value: string | null; unreadable: boolean }> {
    const parsed = sealedOf(value);
    if (!parsed) return { value, unreadable: false };
    const key = await this.ring.key(parsed.sealed.kid, 1_000);
    return Buffer.isBuffer(key)
      ? { value: JSON.stringify(openEnvelope(parsed, key)), unreadable: false }
      : { value, unreadable: true };
  }

  /** The probe's messages as their consumers read them (sealed ones opened). */
  async openAll(messages: ProbedMessage[]): Promise<ProbedMessage[]> {
    return Promise.all(
      messages.map(async (m) => {
        const { value } = await this.open(m.value);
        return { ...m, value, json: <T>() => JSON.parse(value ?? 'null') as T };
      }),
    );
  }

  stop(): Promise<void> {
    return this.ring.stop();
  }
}

/**
 * Every message on every topic of a run (its prefix), each read from the beginning, sealed events
 * opened with the data keys the key topic still holds: what the platform's Kafka still gives away to
 * anyone who has the broker and the master key. What an erasure took stays sealed, and says so.
 */
export async function readableTopics(
  brokers: string[],
  prefix: string,
  secret: string,
): Promise<ReadableMessage[]> {
  const logger = createLogger('readable-topics', 'silent');
  const kafka = createKafka({ clientId: 'readable-topics', brokers, topicPrefix: prefix }, logger);
  const names = new TopicNames(prefix);
  const opener = await EventOpener.start(kafka, prefix, secret);
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
      const { value, unreadable } = await opener.open(m.value?.toString('utf8') ?? null);
      read.push({ topic: names.base(m.topic), text: `${m.key ?? ''} ${value ?? ''}`, unreadable });
    }
  } finally {
    await opener.stop();
  }
  return read;
}
