import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type BaseConfig } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
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
    @Inject(APP_CONFIG) private readonly config: Pick<BaseConfig, 'TENANT_ID'>,
  ) {}

  /** Each consumer as a readiness component (`kafka-consumer:<group>`): down once it crashed or was stopped. */
  readinessChecks(): ReadinessCheck[] {
    return this.consumers.map((c) => c.readinessCheck());
  }

  /**
   * Starts a consumer of the service's tenant. With tenantCheck false, the consumer leaves the check
   * to its handler's pipeline (the Kafka transport's TenantGuard).
   */
  async start(
    options: Omit<ConsumerOptions, 'tenantId'>,
    { tenantCheck = true }: { tenantCheck?: boolean } = {},
  ): Promise<ManagedConsumer> {
    const c = new ManagedConsumer(this.kafka, this.publisher, this.names, this.logger, {
      ...options,
      ...(tenantCheck ? { tenantId: this.config.TENANT_ID } : {}),
    });
    this.consumers.push(c);
    await c.start();
    return c;
  }

  /** Stops every consumer: in-flight work finishes and is committed, then each leaves its group. */
  async stopAll(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }
}
