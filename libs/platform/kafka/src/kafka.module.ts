import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Admin } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { createLogger } from '@city/platform-logging';
import type { ReadinessCheck, ReadinessChecks } from '@city/platform-health';
import {
  createIdempotentProducer,
  createKafka,
  TopicNames,
  type Kafka,
  type KafkaSettings,
} from './kafka-client';
import { EventPublisher } from './event-publisher';
import { EventPrivacy, PersonalEventKeys } from './privacy/event-privacy';
import { masterKeyOf } from './privacy/sealing';
import { ConsumerHost } from './consumer-host';
import { KafkaTransport } from './kafka-transport';
import { KAFKA, KAFKA_LOGGER } from './kafka.tokens';

export { KAFKA, KAFKA_LOGGER } from './kafka.tokens';
export { ConsumerHost } from './consumer-host';

export interface KafkaModuleOptions extends KafkaSettings {
  logLevel: string;
  /** How long a publish waits for acks=all before failing (default 5000 ms). */
  ackTimeoutMs?: number;
  maxBatch?: number;
  /**
   * The deployment's secret of the personal topics' data keys (PRIVACY_MASTER_KEY, the master key is
   * derived from it): with it, events on those topics are sealed and opened (EventPrivacy); without, in the clear.
   */
  privacyMasterKey?: string;
}

/** Stops reading the data keys last (the Kafka transport starts it, when the service has consumers). */
@Injectable()
export class PrivacyLifecycle implements OnApplicationShutdown {
  constructor(private readonly privacy: EventPrivacy) {}

  async onApplicationShutdown(): Promise<void> {
    await this.privacy.stop();
  }
}

/** Connects the publisher at start (without blocking start-up if Kafka is away) and drains it last. */
@Injectable()
export class PublisherLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.publisher
      .connect()
      .catch((e) =>
        this.logger.warn(
          { err: (e as Error).message },
          'Kafka not reachable at start; will retry on first publish',
        ),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}

/** Ready when the broker answers a metadata request and every consumer of the service runs. */
@Injectable()
export class KafkaHealthCheck implements ReadinessCheck, ReadinessChecks, OnApplicationShutdown {
  readonly name = 'kafka';
  private admin: Admin | null = null;
  private closed = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly consumers: ConsumerHost,
    private readonly privacy: EventPrivacy,
  ) {}

  /**
   * The broker, every consumer of the service (a stopped or crashed consumer makes the service not
   * ready) and, where events are sealed, the data keys its consumers open them with.
   */
  readinessChecks(): ReadinessCheck[] {
    const consumers = this.consumers.readinessChecks();
    const keys = consumers.length > 0 && this.privacy.sealing ? [this.privacy.readinessCheck()] : [];
    return [this, ...consumers, ...keys];
  }

  async check(): Promise<Record<string, unknown>> {
    if (this.closed) throw new Error('the service is shutting down');
    const admin = (this.admin ??= this.kafka.admin());
    try {
      // Asked of the broker every time: the client would otherwise answer from its metadata cache.
      const cluster = await admin.metadata({ topics: [], forceUpdate: true });
      return { brokers: cluster.brokers.size };
    } catch (e) {
      // A fresh client next time; another check that made its own in the meantime keeps it.
      if (this.admin === admin) this.admin = null;
      await admin.close().catch(() => undefined);
      throw e;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.admin?.close().catch(() => undefined);
    this.admin = null;
  }
}

@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_LOGGER, useValue: createLogger(options.clientId, options.logLevel) },
        {
          provide: KAFKA,
          useFactory: (logger: Logger) => createKafka(options, logger),
          inject: [KAFKA_LOGGER],
        },
        { provide: TopicNames, useValue: new TopicNames(options.topicPrefix) },
        {
          provide: EventPublisher,
          useFactory: (kafka: Kafka) =>
            new EventPublisher(createIdempotentProducer(kafka), {
              ackTimeoutMs: options.ackTimeoutMs ?? 5_000,
              maxBatch: options.maxBatch ?? 500,
            }),
          inject: [KAFKA],
        },
        {
          provide: EventPrivacy,
          useFactory: (kafka: Kafka, logger: Logger, publisher: EventPublisher, names: TopicNames) => {
            const privacy = new EventPrivacy(kafka, logger, publisher, names, {
              master: options.privacyMasterKey ? masterKeyOf(options.privacyMasterKey) : null,
              clientId: options.clientId,
            });
            publisher.sealWith(privacy);
            return privacy;
          },
          inject: [KAFKA, KAFKA_LOGGER, EventPublisher, TopicNames],
        },
        { provide: PersonalEventKeys, useExisting: EventPrivacy },
        PrivacyLifecycle,
        PublisherLifecycle,
        ConsumerHost,
        KafkaTransport,
        KafkaHealthCheck,
      ],
      exports: [
        KAFKA,
        KAFKA_LOGGER,
        TopicNames,
        EventPublisher,
        EventPrivacy,
        PersonalEventKeys,
        ConsumerHost,
        KafkaTransport,
        KafkaHealthCheck,
      ],
    };
  }
}
