import { Kafka, logLevel, Partitioners, type LogEntry, type logCreator, type Producer } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  /** Prepended to every topic name (tests give each run its own). */
  topicPrefix: string;
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
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    // Fail fast when the broker is away: the gateway must answer 503 quickly, not hang.
    connectionTimeout: 1_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger),
  });
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

/** The one producer shape of the platform: idempotent, one request in flight, the default partitioner. */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
