import { randomUUID } from 'node:crypto';
import { ConsumerRunner, type KafkaMessage } from './consumer-runner';
import { endOffsets, startOffsets } from './topics-admin';
import type { Kafka } from './kafka-client';
import type { Logger } from 'pino';

export interface CompactedTopicReaderOptions<T> {
  /** Full topic name (with prefix). */
  topic: string;
  /** Used to name this reader's own consumer group. */
  clientId: string;
  /** Turns a message value into the kept value; returns an error string for a value to ignore. */
  decode: (value: Buffer) => T | { error: string };
  onChange?: (key: string, value: T | null) => void;
  /** onChange is told of a tombstone even for a key it never held (default: only of keys it held). */
  deletesOfAbsentKeys?: boolean;
}

/**
 * Reads a compacted topic from its beginning into memory and keeps following it. Each reader has a
 * consumer group of its own (every instance needs every key), deleted again on stop. `caughtUp`
 * resolves once everything that was on the topic at start has been read.
 */
export class CompactedTopicReader<T> {
  readonly entries = new Map<string, T>();
  private consumer: ConsumerRunner | null = null;
  private readonly groupId: string;
  private targets = new Map<number, bigint>();
  private resolveCaughtUp!: () => void;
  private isCaughtUp = false;
  readonly caughtUp: Promise<void> = new Promise((r) => (this.resolveCaughtUp = r));
  lastUpdateAt: Date | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: CompactedTopicReaderOptions<T>,
  ) {
    this.groupId = `${options.clientId}.reader.${randomUUID()}`;
  }

  get ready(): boolean {
    return this.isCaughtUp;
  }

  async start(): Promise<void> {
    const [ends, starts] = await Promise.all([
      endOffsets(this.kafka, this.options.topic),
      startOffsets(this.kafka, this.options.topic),
    ]);
    for (const [partition, end] of ends)
      if (end > (starts.get(partition) ?? 0n)) this.targets.set(partition, end);
    this.checkCaughtUp();
    // A member of a group of its own: it restarts after a lost broker and goes on from where it was.
    const consumer = new ConsumerRunner(this.kafka.settings, this.logger, {
      groupId: this.groupId,
      topics: [this.options.topic],
      fromBeginning: true,
      maxBuffered: 4_096,
      maxLot: 500,
      concurrency: 8,
      handle: async (messages) => {
        for (const m of messages) this.read(m);
        return messages.length;
      },
      onJoined: () => undefined,
      onTrouble: (reason) =>
        this.logger.warn({ topic: this.options.topic, err: reason }, 'compacted topic reader interrupted'),
    });
    this.consumer = consumer;
    await consumer.start();
  }

  private read(message: KafkaMessage): void {
    if (message.key) this.apply(message.key, message.value ?? null);
    const target = this.targets.get(message.partition);
    if (target !== undefined && message.offset + 1n >= target) {
      this.targets.delete(message.partition);
      this.checkCaughtUp();
    }
  }

  private apply(key: string, value: Buffer | null): void {
    if (value === null) {
      if (this.entries.delete(key) || this.options.deletesOfAbsentKeys) this.options.onChange?.(key, null);
    } else {
      const decoded = this.options.decode(value);
      if (decoded && typeof decoded === 'object' && 'error' in (decoded as object)) {
        this.logger.error(
          { topic: this.options.topic, key, err: (decoded as { error: string }).error },
          'ignored an invalid entry',
        );
        return;
      }
      this.entries.set(key, decoded as T);
      this.options.onChange?.(key, decoded as T);
    }
    this.lastUpdateAt = new Date();
  }

  private checkCaughtUp(): void {
    if (!this.isCaughtUp && this.targets.size === 0) {
      this.isCaughtUp = true;
      this.resolveCaughtUp();
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    if (!consumer) return;
    await consumer.stop();
    // A group left behind expires with the broker's offsets retention; nothing is lost.
    await this.kafka
      .withAdmin((admin) => admin.deleteGroups({ groups: [this.groupId] }))
      .catch(() => undefined);
  }
}
