import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

export interface CompactedTopicReaderOptions<T> {
  /** Full topic name (with prefix). */
  topic: string;
  /** Used to name this reader's own consumer group. */
  clientId: string;
  /** Turns a message value into the kept value; returns an error string for a value to ignore. */
  decode: (value: Buffer) => T | { error: string };
  onChange?: (key: string, value: T | null) => void;
}

/**
 * Reads a compacted topic from its beginning into memory and keeps following it. Each reader has a
 * consumer group of its own (every instance needs every key), deleted again on stop. `caughtUp`
 * resolves once everything that was on the topic at start has been read.
 */
export class CompactedTopicReader<T> {
  readonly entries = new Map<string, T>();
  private consumer: Consumer | null = null;
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
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.options.topic);
      for (const o of offsets) {
        if (BigInt(o.high) > BigInt(o.low)) this.targets.set(o.partition, BigInt(o.high));
      }
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString();
        if (key) this.apply(key, message.value);
        const target = this.targets.get(partition);
        if (target !== undefined && BigInt(message.offset) + 1n >= target) {
          this.targets.delete(partition);
          this.checkCaughtUp();
        }
      },
    });
  }

  private apply(key: string, value: Buffer | null): void {
    if (value === null) {
      if (this.entries.delete(key)) this.options.onChange?.(key, null);
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
    await consumer.disconnect();
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch {
      // A group left behind expires with the broker's offsets retention; nothing is lost.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
