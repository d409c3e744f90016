import { Admin } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { IdempotentProducer } from './idempotent-producer';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  /** Prepended to every topic name (tests give each run its own). */
  topicPrefix: string;
}

/**
 * Connection options every client of the platform shares. Fail fast when the broker is away (the
 * gateway must answer 503 quickly, not hang): short connects, bounded retries.
 */
export const clientOptions = (settings: KafkaSettings) => ({
  clientId: settings.clientId,
  bootstrapBrokers: settings.brokers,
  connectTimeout: 1_000,
  timeout: 10_000,
  retries: 5,
  retryDelay: 200,
});

/**
 * The Kafka cluster as this process reaches it (where, as whom, with which topic prefix, logging
 * where): the producers, consumers, readers and admins of the platform are made from it, on
 * @platformatic/kafka (docs/runtime-and-dependencies.md says why that client).
 */
export class Kafka {
  constructor(
    readonly settings: KafkaSettings,
    readonly logger: Logger,
  ) {}

  /** An admin client for a few requests; close() it when done. */
  admin(): Admin {
    return new Admin(clientOptions(this.settings));
  }

  /** Runs `work` with an admin client and closes it after. */
  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.admin();
    try {
      return await work(admin);
    } finally {
      await admin.close().catch(() => undefined);
    }
  }
}

export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  return new Kafka(settings, logger);
}

/** What a producer must do for EventPublisher: one produce request with acks=all across topics. */
export interface ProducerPort {
  connect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  sendBatch(batch: {
    acks: -1;
    topicMessages: Array<{
      topic: string;
      messages: Array<{
        key: string | null;
        value: string | Buffer | null;
        headers?: Record<string, string | Buffer>;
      }>;
    }>;
  }): Promise<unknown>;
  disconnect(): Promise<void>;
}

/** Topic names as this process sees them (with its prefix). */
export class TopicNames {
  constructor(private readonly prefix: string) {}
  of(topic: string): string {
    return this.prefix + topic;
  }
  /** The topic name without this process's prefix, as contracts spell it. */
  base(topic: string): string {
    return topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }
}

/**
 * The one producer shape of the platform: idempotent, acks=all, keys on the Java client's partitions
 * (murmur2).
 */
export function createIdempotentProducer(kafka: Kafka): ProducerPort {
  return new IdempotentProducer(kafka.settings, kafka.logger);
}
