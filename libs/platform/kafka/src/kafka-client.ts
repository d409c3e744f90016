import { Kafka, logLevel, Partitioners, type LogEntry, type logCreator, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { PlatformaticProducer } from './platformatic-client';

/** The Kafka clients the platform can produce and consume with (see docs/runtime-and-dependencies.md). */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];
/**
 * kafkajs until the platformatic driver handles rebalances and restarts as carefully as kafkajs does
 * (docs/runtime-and-dependencies.md, "The Kafka client": measured faster, not yet the default).
 */
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'platformatic';

/**
 * The client where the settings name none: KAFKA_CLIENT from the environment (so that a whole test
 * run can be made on one client), else DEFAULT_KAFKA_CLIENT. A service names its client from its config.
 */
export function defaultKafkaClient(): KafkaClientName {
  const c = process.env.KAFKA_CLIENT;
  if (c === undefined || c === '') return DEFAULT_KAFKA_CLIENT;
  if (!(KAFKA_CLIENTS as readonly string[]).includes(c))
    throw new Error(`KAFKA_CLIENT must be one of ${KAFKA_CLIENTS.join(', ')}, not ${c}`);
  return c as KafkaClientName;
}

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  /** Prepended to every topic name (tests give each run its own). */
  topicPrefix: string;
  /**
   * The client that publishes and consumes (KAFKA_CLIENT; defaultKafkaClient() when not given). Topic
   * administration, the compacted-topic readers and dead-letter replay use kafkajs either way.
   */
  client?: KafkaClientName;
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

/** The settings a Kafka object was made with, for the parts that choose a client by them. */
const settingsOfKafka = new WeakMap<Kafka, KafkaSettings & { logger: Logger }>();

export function kafkaSettingsOf(kafka: Kafka): (KafkaSettings & { logger: Logger }) | undefined {
  return settingsOfKafka.get(kafka);
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through the service's pino logger, as JSON, at warn and above. */
function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = log as LogEntry['log'] & { logger?: string };
      // Deliberate: retries are bounded so that a publish fails instead of hanging while the broker is
      // away; duplicates a retry could make carry the same eventId and are dropped by consumers' inboxes.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      logger[LEVELS[level] ?? 'info']({ kafka: namespace, ...extra }, message);
    };
}

export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    // Fail fast when the broker is away: the gateway must answer 503 quickly, not hang.
    connectionTimeout: 1_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger),
  });
  settingsOfKafka.set(kafka, { ...settings, client: settings.client ?? defaultKafkaClient(), logger });
  return kafka;
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
 * The one producer shape of the platform: idempotent, acks=all, one request in flight, keys on the
 * Java client's partitions (murmur2), on the client the settings name.
 */
export function createIdempotentProducer(kafka: Kafka): ProducerPort {
  const settings = kafkaSettingsOf(kafka);
  if (settings?.client === 'platformatic') return new PlatformaticProducer(settings, settings.logger);
  return createKafkajsProducer(kafka);
}

function createKafkajsProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
