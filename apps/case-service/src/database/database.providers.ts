import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { APP_CONFIG } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { OutboxRelay } from '@city/platform-database';
import { EventPublisher, KAFKA_LOGGER, TopicNames } from '@city/platform-kafka';
import type { CaseConfig } from '../config';

@Injectable()
export class PostgresHealthCheck implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}
  async check() {
    await this.dataSource.query('select 1');
  }
}

/** Relays case events from the outbox to Kafka; stops before the publisher closes. */
@Injectable()
export class CaseOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;
  constructor(dataSource: DataSource, publisher: EventPublisher, names: TopicNames, @Inject(KAFKA_LOGGER) logger: Logger, @Inject(APP_CONFIG) config: CaseConfig) {
    this.relay = new OutboxRelay(dataSource, publisher, (t) => names.of(t), logger, { batchSize: 200, idleMs: config.OUTBOX_IDLE_MS });
  }
  onApplicationBootstrap() {
    this.relay.start();
  }
  beforeApplicationShutdown() {
    return this.relay.stop();
  }
}
