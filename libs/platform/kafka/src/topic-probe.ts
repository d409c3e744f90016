import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';

export interface ProbedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  json: <T = unknown>() => T;
}

/** Reads a topic from its beginning into memory, so a test can check what a service really produced. */
export class TopicProbe {
  readonly messages: ProbedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<this> {
    const consumer = this.kafka.consumer({ groupId: `probe.${randomUUID()}`, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    let joined!: () => void;
    const ready = new Promise<void>((r) => (joined = r));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value?.toString() ?? null;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = v.toString();
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value,
          headers,
          json: () => JSON.parse(value ?? 'null'),
        });
      },
    });
    await ready;
    return this;
  }

  /** Waits until `predicate` holds for some message and returns it. */
  async waitFor(predicate: (m: ProbedMessage) => boolean, timeoutMs = 10_000): Promise<ProbedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no message on ${this.topic} matched within ${timeoutMs} ms (${this.messages.length} seen)`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  filter(predicate: (m: ProbedMessage) => boolean): ProbedMessage[] {
    return this.messages.filter(predicate);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** A topic prefix of its own for each test run, so runs never see each other's messages. */
export const uniquePrefix = (label = 't'): string =>
  `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}.`;
