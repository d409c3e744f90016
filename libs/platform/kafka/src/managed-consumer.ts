import type { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
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
      eachMessage: (payload) => this.process(payload),
    });
  }

  private async process({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const received: ReceivedMessage = {
      topic: this.names.base(topic),
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: message.value,
      headers: headersToStrings(message.headers),
    };
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
