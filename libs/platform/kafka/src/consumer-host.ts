import { BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import type { Admin } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { APP_CONFIG, servedCities, type BaseConfig } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { METRICS, Metrics } from '@city/platform-metrics';
import { consumerLag, type PartitionLag } from './consumer-lag';
import { EventPublisher } from './event-publisher';
import { TopicNames, type Kafka } from './kafka-client';
import { KAFKA, KAFKA_LOGGER } from './kafka.tokens';
import { ManagedConsumer, type ConsumerOptions } from './managed-consumer';

/**
 * Starts consumers for a service and stops them first on shutdown, letting in-flight work finish.
 * Every consumer serves the service's tenant (TENANT_ID): another tenant's events are dead-lettered.
 */
@Injectable()
export class ConsumerHost implements BeforeApplicationShutdown {
  private readonly consumers: ManagedConsumer[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG)
    private readonly config: Pick<BaseConfig, 'TENANT_ID'> & Partial<Pick<BaseConfig, 'CITIES'>>,
    @Optional() private readonly metrics?: Metrics,
  ) {
    if (metrics?.enabled) this.countMessages(metrics);
  }

  private onFinished?: (topic: string, outcome: 'handled' | 'dead-lettered', group: string) => void;
  private admin: Admin | null = null;
  private lastLag: { at: number; lags: PartitionLag[] } | null = null;

  /**
   * Messages finished per group, topic and outcome; dead letters per group and topic; and each
   * group's lag per partition, asked of the broker when Prometheus scrapes (at most every 5 s; a
   * broker that does not answer within 3 s leaves the series out of that scrape).
   */
  private countMessages(metrics: Metrics): void {
    const messages = metrics.counter(METRICS.kafkaMessages, 'Messages a consumer group finished with', [
      'group',
      'topic',
      'outcome',
    ]);
    const deadLetters = metrics.counter(
      METRICS.kafkaDeadLetters,
      'Messages a consumer group sent to the dead-letter topic',
      ['group', 'topic'],
    );
    this.onFinished = (topic, outcome, group) => {
      messages.inc({ group, topic, outcome });
      if (outcome === 'dead-lettered') deadLetters.inc({ group, topic });
    };
    metrics.gauge(
      METRICS.kafkaConsumerLag,
      'Messages of a partition the consumer group has not handled yet',
      ['group', 'topic', 'partition'],
      async (gauge) => {
        gauge.reset();
        for (const l of await this.lag())
          gauge.set(
            {
              group: this.names.base(l.group),
              topic: this.names.base(l.topic),
              partition: String(l.partition),
            },
            l.lag,
          );
      },
    );
  }

  private async lag(): Promise<PartitionLag[]> {
    if (this.lastLag && Date.now() - this.lastLag.at < 5_000) return this.lastLag.lags;
    this.admin ??= this.kafka.admin();
    const groups = this.consumers.map((c) => c.groupTopics());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the broker did not answer within 3 s')), 3_000);
    });
    try {
      const lags = await Promise.race([consumerLag(this.admin, groups), timeout]);
      this.lastLag = { at: Date.now(), lags };
      return lags;
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'consumer lag unknown for this scrape');
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  /** Each consumer as a readiness component (`kafka-consumer:<group>`): down once it crashed or was stopped. */
  readinessChecks(): ReadinessCheck[] {
    return this.consumers.map((c) => c.readinessCheck());
  }

  /**
   * Starts a consumer of the service's tenant. With tenantCheck false, the consumer leaves the check
   * to its handler's pipeline (the Kafka transport's TenantGuard).
   */
  async start(
    options: Omit<ConsumerOptions, 'tenants'>,
    { tenantCheck = true }: { tenantCheck?: boolean } = {},
  ): Promise<ManagedConsumer> {
    const c = new ManagedConsumer(this.kafka, this.publisher, this.names, this.logger, {
      ...options,
      ...(tenantCheck ? { tenants: servedCities(this.config) } : {}),
      ...(this.onFinished
        ? {
            onFinished: (topic: string, outcome: 'handled' | 'dead-lettered') =>
              this.onFinished!(topic, outcome, options.groupId),
          }
        : {}),
    });
    this.consumers.push(c);
    await c.start();
    return c;
  }

  /** Stops every consumer: in-flight work finishes and is committed, then each leaves its group. */
  async stopAll(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.admin?.close().catch(() => undefined);
    this.admin = null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }
}
