import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { APP_CONFIG } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { EventPublisher, KAFKA_LOGGER, TopicNames } from '@city/platform-kafka';
import { METRICS, Metrics } from '@city/platform-metrics';
import { z } from 'zod';
import { allTopicSpecs } from '@city/contracts';
import { OutboxRelay, outboxBacklog, pruneInboxOutbox } from './inbox-outbox';

/** Ready only while Postgres answers. */
@Injectable()
export class PostgresHealthCheck implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}
  async check() {
    await this.dataSource.query('select 1');
  }
}

const DAY_MS = 24 * 3600_000;
/** The longest any topic keeps an event (dead-letter topics included: a replay puts letters back for every group). */
const LONGEST_TOPIC_RETENTION_DAYS = Math.ceil(
  Math.max(...allTopicSpecs().map((t) => (t.compacted ? 0 : (t.retentionMs ?? 0)))) / DAY_MS,
);
const PRUNE_DEFAULTS = {
  OUTBOX_RETENTION_HOURS: 24,
  INBOX_RETENTION_DAYS: LONGEST_TOPIC_RETENTION_DAYS + 15,
  PRUNE_INTERVAL_MS: 3600_000,
};

/** The pruning settings of a service with an inbox and an outbox, for its config schema. */
export const inboxOutboxPruningSettings = {
  /** Published outbox messages (they carry citizens' addresses and message texts) are deleted this long after publishing. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).default(PRUNE_DEFAULTS.OUTBOX_RETENTION_HOURS),
  /** Inbox records are deleted after this many days: longer than any topic keeps events, or a redelivered event would be handled twice. */
  INBOX_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(
      LONGEST_TOPIC_RETENTION_DAYS + 1,
      `must be longer than the ${LONGEST_TOPIC_RETENTION_DAYS} days topics keep events`,
    )
    .default(PRUNE_DEFAULTS.INBOX_RETENTION_DAYS),
  /** How often the outbox relay prunes the inbox and the outbox (the first time at start). */
  PRUNE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(PRUNE_DEFAULTS.PRUNE_INTERVAL_MS),
};

type PruneConfig = Partial<Record<keyof typeof PRUNE_DEFAULTS, number>>;

/**
 * Relays a service's outbox to Kafka while it runs (OUTBOX_IDLE_MS between looks when idle), and
 * prunes the inbox and the outbox at start and every PRUNE_INTERVAL_MS; stops before the publisher closes.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    publisher: EventPublisher,
    names: TopicNames,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: { OUTBOX_IDLE_MS?: number } & PruneConfig,
    @Optional() metrics?: Metrics,
  ) {
    const published = metrics?.enabled
      ? metrics.counter(METRICS.outboxPublished, 'Outbox events published to Kafka', [])
      : null;
    this.relay = new OutboxRelay(dataSource, publisher, (t) => names.of(t), logger, {
      batchSize: 200,
      idleMs: config.OUTBOX_IDLE_MS ?? 100,
      ...(published ? { onPublished: (n: number) => published.inc(n) } : {}),
    });
    if (metrics?.enabled) this.measureBacklog(metrics);
  }

  /** The backlog and its age, read from the outbox when Prometheus scrapes (one query for both gauges). */
  private measureBacklog(metrics: Metrics): void {
    let reading: Promise<{ count: number; oldestAgeSeconds: number } | null> | null = null;
    const read = () =>
      (reading ??= outboxBacklog(this.dataSource)
        .catch((e: Error) => {
          this.logger.warn({ err: e.message }, 'outbox backlog unknown for this scrape');
          return null;
        })
        .finally(() => setImmediate(() => (reading = null))));
    metrics.gauge(METRICS.outboxBacklog, 'Outbox events not yet published to Kafka', [], async (g) => {
      const b = await read();
      if (b) g.set(b.count);
    });
    metrics.gauge(
      METRICS.outboxOldestAge,
      'Age in seconds of the oldest unpublished outbox event (0 when none)',
      [],
      async (g) => {
        const b = await read();
        if (b) g.set(b.oldestAgeSeconds);
      },
    );
  }

  onApplicationBootstrap() {
    this.relay.start();
    this.prune();
    this.pruneTimer = setInterval(
      () => this.prune(),
      this.config.PRUNE_INTERVAL_MS ?? PRUNE_DEFAULTS.PRUNE_INTERVAL_MS,
    );
    this.pruneTimer.unref();
  }

  private prune(): void {
    if (this.pruning) return; // the last round is still going
    this.pruning = pruneInboxOutbox(this.dataSource, {
      outboxRetentionMs:
        (this.config.OUTBOX_RETENTION_HOURS ?? PRUNE_DEFAULTS.OUTBOX_RETENTION_HOURS) * 3600_000,
      inboxRetentionMs: (this.config.INBOX_RETENTION_DAYS ?? PRUNE_DEFAULTS.INBOX_RETENTION_DAYS) * DAY_MS,
    })
      .then((deleted) => {
        if (deleted.outbox + deleted.inbox > 0)
          this.logger.info(
            { outboxDeleted: deleted.outbox, inboxDeleted: deleted.inbox },
            'inbox and outbox pruned',
          );
      })
      .catch((e) =>
        this.logger.warn(
          { err: (e as Error).message },
          'pruning the inbox and outbox failed; will try again',
        ),
      )
      .finally(() => {
        this.pruning = null;
      });
  }

  async beforeApplicationShutdown() {
    clearInterval(this.pruneTimer);
    await this.pruning;
    await this.relay.stop();
  }
}
