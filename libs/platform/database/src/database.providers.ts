import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { APP_CONFIG } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { EventPublisher, KAFKA_LOGGER, TopicNames } from '@city/platform-kafka';
import { OutboxRelay } from './inbox-outbox';

/** Ready only while Postgres answers. */
@Injectable()
export class PostgresHealthCheck implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}
  async check() {
    await this.dataSource.query('select 1');
  }
}

/** Relays a service's outbox to Kafka while it runs (OUTBOX_IDLE_MS between looks when idle); stops before the publisher closes. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;
  constructor(dataSource: DataSource, publisher: EventPublisher, names: TopicNames, @Inject(KAFKA_LOGGER) logger: Logger, @Inject(APP_CONFIG) config: { OUTBOX_IDLE_MS?: number }) {
    this.relay = new OutboxRelay(dataSource, publisher, (t) => names.of(t), logger, { batchSize: 200, idleMs: config.OUTBOX_IDLE_MS ?? 100 });
  }
  onApplicationBootstrap() {
    this.relay.start();
  }
  beforeApplicationShutdown() {
    return this.relay.stop();
  }
}
