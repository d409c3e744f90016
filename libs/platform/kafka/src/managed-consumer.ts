import type { Consumer, EachBatchPayload, EachMessagePayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { dlqTopic, HEADERS } from '@city/contracts';
import type { EventPublisher } from './event-publisher';
import type { TopicNames } from './kafka-client';

/** A message as a handler sees it. */
export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Thrown by a handler for a message that can never succeed: it goes straight to the dead-letter topic. */
export class PoisonMessageError extends Error {}

export interface ConsumerOptions {
  groupId: string;
  /** Topic names as contracts spell them; the process's prefix is added. */
  topics: string[];
  fromBeginning?: boolean;
  handle: (message: ReceivedMessage) => Promise<void>;
  /**
   * Optional: handles up to maxBatchSize messages of one partition at once (one transaction, say).
   * When it throws an error that is not transient, the same messages go one by one through
   * `handle`, so a poison message is retried, dead-lettered and committed alone while the others
   * succeed. A batch handler must therefore have the same effect as `handle` on each message.
   */
  handleBatch?: (messages: ReceivedMessage[]) => Promise<void>;
  /** Messages per handleBatch call (default 200). */
  maxBatchSize?: number;
  /** Attempts before a message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First back-off in ms, doubled on every attempt up to maxBackoffMs (defaults 100 and 5000). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Errors of the infrastructure (database down, restarting): retried with back-off until they pass,
   * never dead-lettered, so an outage delays messages and loses none. Other errors get maxAttempts.
   */
  isTransient?: (error: unknown) => boolean;
  /** Called after each message is handled or dead-lettered (for catch-up tracking). */
  onProcessed?: (topic: string, partition: number, offset: string) => void;
}

export const DLQ_HEADERS = {
  error: 'dlq-error',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a consumer group: each message is handled with bounded retries and back-off; what still fails
 * (or is poison from the start) goes to `<topic>.dlq` with the error and the original headers, and
 * the stream goes on. The offset is committed only after the handler succeeded or the dead letter
 * was acknowledged, so nothing is lost when the process dies. stop() lets in-flight work finish.
 */
export class ManagedConsumer {
  private consumer: Consumer | null = null;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
    private readonly logger: Logger,
    private readonly options: ConsumerOptions,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      // A crashed member is noticed within 10 s and its partitions go to the others.
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics.map((t) => this.names.of(t)), fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      ...(this.options.handleBatch ? { eachBatchAutoResolve: false, eachBatch: (payload: EachBatchPayload) => this.processBatch(payload) } : { eachMessage: (payload: EachMessagePayload) => this.process(payload) }),
    });
  }

  private received(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
    return {
      topic: this.names.base(topic),
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: message.value,
      headers: headersToStrings(message.headers),
    };
  }

  /**
   * Batch mode: chunks of the fetched batch go to handleBatch together; infrastructure errors are
   * retried until they pass, any other error sends the chunk through the one-by-one path. Offsets
   * are resolved and committed per chunk, only after it is handled.
   */
  private async processBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const size = this.options.maxBatchSize ?? 200;
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + size);
      const received = chunk.map((m) => this.received(batch.topic, batch.partition, m));
      let backoff = this.options.initialBackoffMs ?? 100;
      let oneByOne = false;
      for (;;) {
        try {
          await this.options.handleBatch!(received);
          break;
        } catch (e) {
          if (!(this.options.isTransient?.(e) ?? false)) {
            if (!(e instanceof PoisonMessageError)) this.logger.warn({ topic: batch.topic, partition: batch.partition, size: chunk.length, err: (e as Error).message }, 'batch failed; handling its messages one by one');
            oneByOne = true;
            break;
          }
          if (this.stopping) throw e;
          this.logger.warn({ topic: batch.topic, partition: batch.partition, err: (e as Error).message }, 'infrastructure unavailable; retrying the batch until it is back');
          await sleep(backoff);
          backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
          await heartbeat();
        }
      }
      if (oneByOne) {
        for (const m of chunk) {
          await this.process({ topic: batch.topic, partition: batch.partition, message: m, heartbeat });
          resolveOffset(m.offset);
        }
      } else {
        for (const m of received) this.options.onProcessed?.(m.topic, m.partition, m.offset);
        resolveOffset(chunk[chunk.length - 1].offset);
      }
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** One message, with bounded retries, then the dead-letter topic; it needs only the message and a heartbeat (eachMessage or a batch gone one by one). */
  private async process({ topic, partition, message, heartbeat }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message' | 'heartbeat'>): Promise<void> {
    const received = this.received(topic, partition, message);
    const maxAttempts = this.options.maxAttempts ?? 5;
    let backoff = this.options.initialBackoffMs ?? 100;
    let lastError: Error | null = null;
    let attempts = 0; // failures that count towards maxAttempts
    for (;;) {
      try {
        await this.options.handle(received);
        this.options.onProcessed?.(received.topic, partition, message.offset);
        return;
      } catch (e) {
        lastError = e as Error;
        if (e instanceof PoisonMessageError) {
          attempts++;
          break;
        }
        const transient = this.options.isTransient?.(e) ?? false;
        if (!transient && ++attempts >= maxAttempts) break;
        if (this.stopping) throw e; // leave it uncommitted: the next owner of the partition retries it
        this.logger.warn(
          { topic, partition, offset: message.offset, correlationId: received.headers[HEADERS.correlationId], attempt: attempts, transient, err: lastError.message },
          transient ? 'infrastructure unavailable; retrying until it is back' : 'handler failed; retrying',
        );
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
        await heartbeat();
      }
    }
    await this.deadLetter(received, lastError ?? new Error('unknown failure'), attempts);
    this.options.onProcessed?.(received.topic, partition, message.offset);
  }

  private async deadLetter(m: ReceivedMessage, error: Error, attempts: number): Promise<void> {
    this.logger.error(
      { topic: m.topic, partition: m.partition, offset: m.offset, correlationId: m.headers[HEADERS.correlationId], err: error.message },
      'message dead-lettered',
    );
    await this.publisher.send({
      topic: this.names.of(dlqTopic(m.topic)),
      key: m.key,
      value: m.value,
      headers: {
        ...m.headers,
        [DLQ_HEADERS.error]: error.message.slice(0, 4000),
        [DLQ_HEADERS.originalTopic]: m.topic,
        [DLQ_HEADERS.originalPartition]: String(m.partition),
        [DLQ_HEADERS.originalOffset]: m.offset,
        [DLQ_HEADERS.consumerGroup]: this.options.groupId,
        [DLQ_HEADERS.attempts]: String(attempts),
        [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      },
    });
  }

  /** Stops fetching, waits for the message in hand to finish, commits, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.consumer) await this.consumer.disconnect();
    this.consumer = null;
  }
}
