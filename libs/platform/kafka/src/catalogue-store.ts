import { Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { catalogueKey, decodeCatalogueEntry, TOPICS, type ServiceDefinition } from '@city/contracts';
import { APP_CONFIG, servedCities, type BaseConfig } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { CompactedTopicReader } from './compacted-topic-reader';
import { KAFKA, KAFKA_LOGGER } from './kafka.module';
import { TopicNames, type Kafka } from './kafka-client';

/**
 * The city's service catalogue, held in memory from the compacted catalogue topic and kept current
 * as it changes: a published change reaches every service that holds one within moments, without a
 * restart. Readiness fails until the catalogue is loaded.
 */
@Injectable()
export class CatalogueStore implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'catalogue';
  private reader: CompactedTopicReader<ServiceDefinition> | null = null;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    private readonly names: TopicNames,
  ) {}

  onApplicationBootstrap(): void {
    void this.startReader();
  }

  /** Starts reading; while Kafka is away it tries again every two seconds (the service reports not ready). */
  private async startReader(): Promise<void> {
    if (this.stopped) return;
    const reader = new CompactedTopicReader<ServiceDefinition>(this.kafka, this.logger, {
      topic: this.names.of(TOPICS.catalogueServices),
      clientId: 'catalogue',
      decode: decodeCatalogueEntry,
      onChange: (key, value) =>
        this.logger.info(
          { key, version: value?.version ?? null },
          value ? 'catalogue service updated' : 'catalogue service removed',
        ),
    });
    try {
      await reader.start();
      this.reader = reader;
      await reader.caughtUp;
      this.logger.info({ services: reader.entries.size }, 'catalogue loaded');
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'catalogue not readable yet; retrying');
      await reader.stop().catch(() => undefined);
      this.retry = setTimeout(() => void this.startReader(), 2_000);
    }
  }

  get ready(): boolean {
    return this.reader?.ready ?? false;
  }

  /** Services of the tenant, active ones only, in name order. */
  list(tenantId: string): ServiceDefinition[] {
    const prefix = `${tenantId}/`;
    return [...(this.reader?.entries ?? new Map<string, ServiceDefinition>())]
      .filter(([k, s]) => k.startsWith(prefix) && s.active)
      .map(([, s]) => s)
      .sort((a, b) => a.name.en.localeCompare(b.name.en));
  }

  /** Services of the tenant, taken off the channels or not (their past requests still exist). */
  all(tenantId: string): ServiceDefinition[] {
    const prefix = `${tenantId}/`;
    return [...(this.reader?.entries ?? new Map<string, ServiceDefinition>())]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, s]) => s);
  }

  get(code: string, tenantId: string): ServiceDefinition | undefined {
    return this.reader?.entries.get(catalogueKey(tenantId, code));
  }

  async check(): Promise<Record<string, unknown>> {
    if (!this.ready) throw new Error('catalogue not loaded yet');
    return {
      services: servedCities(this.config).reduce((n, city) => n + this.list(city).length, 0),
      lastUpdateAt: this.reader?.lastUpdateAt?.toISOString() ?? null,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.reader?.stop();
  }
}

/** Provides the catalogue store to a service's modules (the Kafka module must be imported). */
@Module({ providers: [CatalogueStore], exports: [CatalogueStore] })
export class CatalogueModule {}
