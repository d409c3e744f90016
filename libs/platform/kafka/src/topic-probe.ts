import { randomUUID } from 'node:crypto';
import type { Kafka } from './kafka-client';
import { ConsumerRunner } from './consumer-runner';
import { endOffsets } from './topics-admin';

export interface ProbedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** When the probe read it (Date.now()). */
  receivedAt: number;
  json: <T = unknown>() => T;
}

/** Reads a topic from its beginning into memory, so a test can check what a service really produced. */
export class TopicProbe {
  readonly messages: ProbedMessage[] = [];
  private consumer: ConsumerRunner | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  /** Resolves once the probe's group has its partitions: what is published after that, it sees. */
  async start(): Promise<this> {
    const consumer = new ConsumerRunner(this.kafka.settings, this.kafka.logger, {
      groupId: `probe.${randomUUID()}`,
      topics: [this.topic],
      fromBeginning: true,
      maxBuffered: 4_096,
      maxLot: 500,
      concurrency: 8,
      handle: async (messages) => {
        for (const m of messages) {
          const value = m.value?.toString() ?? null;
          this.messages.push({
            topic: m.topic,
            partition: m.partition,
            offset: m.offset.toString(),
            key: m.key ?? null,
            value,
            headers: Object.fromEntries(m.headers),
            receivedAt: Date.now(),
            json: () => JSON.parse(value ?? 'null'),
          });
        }
        return messages.length;
      },
      onJoined: () => undefined,
      onTrouble: () => undefined,
    });
    this.consumer = consumer;
    await consumer.start();
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

  /**
   * Waits until the probe has read everything on its topic as far as it goes now: the barrier before
   * checking that something was not published (a later message read on another partition proves
   * nothing of this one).
   */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    const ends = await endOffsets(this.kafka, this.topic);
    const behind = () =>
      [...ends].filter(([partition, end]) => {
        const read = this.messages.filter((m) => m.partition === partition).map((m) => BigInt(m.offset));
        return end > 0n && (read.length === 0 || read.reduce((a, b) => (b > a ? b : a)) < end - 1n);
      });
    const deadline = Date.now() + timeoutMs;
    while (behind().length > 0) {
      if (Date.now() > deadline)
        throw new Error(
          `the probe of ${this.topic} is still behind on partitions ${behind()
            .map(([p]) => p)
            .join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  filter(predicate: (m: ProbedMessage) => boolean): ProbedMessage[] {
    return this.messages.filter(predicate);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}

/** A topic prefix of its own for each test run, so runs never see each other's messages. */
export const uniquePrefix = (label = 't'): string =>
  `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}.`;
