import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { EventEnvelope } from '@city/contracts';
import type { EventPublisher } from '@city/platform-kafka';
import { outboxTraceHeaders } from '@city/platform-tracing';
import { InboxRecord, OutboxMessage } from './inbox-outbox.entities';
import { insertMany, tableName } from './insert-many';

/**
 * Records that `consumer` handled `eventId`, inside the caller's transaction. Returns false when it
 * was handled before: the caller then does nothing, so a redelivered or replayed event has no
 * second effect. Concurrent deliveries of one event serialise on the primary key.
 */
export async function claimEvent(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(InboxRecord)
    .values({ consumer, eventId })
    .orIgnore()
    .returning(['eventId'])
    .execute();
  return (result.raw as unknown[]).length === 1;
}

/**
 * claimEvent for many events in one statement: returns the ids not handled before (each once).
 * Ids are claimed in sorted order, so two transactions claiming overlapping sets cannot deadlock.
 */
export async function claimEvents(
  manager: EntityManager,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  const ids = [...new Set(eventIds)].sort();
  if (ids.length === 0) return new Set();
  const table = tableName(manager, InboxRecord);
  const rows: Array<{ event_id: string }> = await manager.query(
    `INSERT INTO ${table} (consumer, event_id) SELECT $1, id FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n) ORDER BY n ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, ids],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Queues events for publishing in one statement, in the order given (the outbox). */
export async function enqueueEvents(
  manager: EntityManager,
  items: Array<{ topic: string; key: string | null; event: EventEnvelope }>,
): Promise<void> {
  await insertMany(
    manager,
    OutboxMessage,
    items.map((i) => ({
      topic: i.topic,
      key: i.key,
      event: i.event as never,
      // The trace of the work that wrote it, for the relay to go on with (none when tracing is off).
      headers: outboxTraceHeaders(i.event.correlationId) ?? undefined,
      publishedAt: null,
    })),
  );
}

/** Queues an event for publishing, inside the caller's transaction (the outbox). */
export async function enqueueEvent(
  manager: EntityManager,
  topic: string,
  key: string | null,
  event: EventEnvelope,
): Promise<void> {
  await manager.getRepository(OutboxMessage).insert({
    topic,
    key,
    event: event as never,
    headers: outboxTraceHeaders(event.correlationId) ?? undefined,
    publishedAt: null,
  });
}

export interface PruneOptions {
  /** Published outbox rows older than this go (unpublished rows stay, however old). */
  outboxRetentionMs: number;
  /** Inbox rows older than this go; keep it longer than any topic keeps events, dead letters included, or a redelivery would be handled twice. */
  inboxRetentionMs: number;
  /** Rows deleted per statement, so no statement holds many locks or runs long (default 5000). */
  batchSize?: number;
}

/**
 * Deletes what the inbox and outbox no longer need, in batches: published outbox messages (which
 * carry citizens' addresses and message texts) past their retention, and inbox records past theirs.
 * Several instances may prune at once: each batch skips rows another has locked.
 */
/** What the outbox holds unpublished: how many events, and how old the oldest is (seconds, 0 when none). */
export async function outboxBacklog(
  dataSource: DataSource,
): Promise<{ count: number; oldestAgeSeconds: number }> {
  const outbox = tableName(dataSource.manager, OutboxMessage);
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS count, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM ${outbox} WHERE published_at IS NULL`,
  )) as { count: number; age: number }[];
  return { count: row.count, oldestAgeSeconds: Math.max(0, row.age) };
}

export async function pruneInboxOutbox(
  dataSource: DataSource,
  options: PruneOptions,
): Promise<{ outbox: number; inbox: number }> {
  const batch = options.batchSize ?? 5_000;
  const outbox = tableName(dataSource.manager, OutboxMessage);
  const inbox = tableName(dataSource.manager, InboxRecord);
  const deleteAll = async (sql: string, cutoff: Date): Promise<number> => {
    let total = 0;
    for (;;) {
      const [, count] = (await dataSource.query(sql, [cutoff, batch])) as [unknown, number];
      total += count;
      if (count < batch) return total;
    }
  };
  const now = Date.now();
  return {
    outbox: await deleteAll(
      `DELETE FROM ${outbox} WHERE id IN (SELECT id FROM ${outbox} WHERE published_at < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      new Date(now - options.outboxRetentionMs),
    ),
    inbox: await deleteAll(
      `DELETE FROM ${inbox} WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM ${inbox} WHERE handled_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      new Date(now - options.inboxRetentionMs),
    ),
  };
}

/**
 * Relays the outbox to Kafka: takes a batch of unpublished messages, publishes them with acks=all,
 * marks them published, in order of writing. A crash between publish and mark re-publishes;
 * consumers' inboxes drop the repeat.
 *
 * One relay at a time per outbox, whatever the number of instances of the service: each round runs
 * under a transaction-scoped advisory lock of the outbox's table, and an instance that does not get
 * it does nothing this round. Two relays taking batches side by side (each skipping the other's
 * locked rows) would publish a later event of a case before an earlier one the other still holds,
 * and every consumer relies on a case's events coming in order. The lock goes with the transaction,
 * so a relay that dies hands over at once; another instance takes over at its next round.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly topicOf: (topic: string) => string,
    private readonly logger: Logger,
    private readonly options: { batchSize: number; idleMs: number; onPublished?: (count: number) => void },
  ) {}

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      let relayed = 0;
      try {
        this.running = this.relayOnce().then((n) => {
          relayed = n;
          if (n > 0) this.options.onPublished?.(n);
        });
        await this.running;
      } catch (e) {
        this.logger.warn({ err: (e as Error).message }, 'outbox relay failed; will retry');
      } finally {
        this.running = null;
      }
      if (!this.stopped)
        this.timer = setTimeout(loop, relayed === this.options.batchSize ? 0 : this.options.idleMs);
    };
    void loop();
  }

  /** Publishes one batch; returns how many messages it relayed. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const table = tableName(m, OutboxMessage);
      const [{ relaying }] = (await m.query(
        `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS relaying`,
        [`outbox-relay:${table}`],
      )) as Array<{ relaying: boolean }>;
      if (!relaying) return 0;
      const batch = await m
        .getRepository(OutboxMessage)
        .createQueryBuilder('o')
        .where('o.published_at IS NULL')
        .orderBy('o.id', 'ASC')
        .limit(this.options.batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (batch.length === 0) return 0;
      await Promise.all(
        batch.map((o) =>
          // With the trace context the row keeps, so the trace goes on from the work that wrote it.
          this.publisher.publish(
            this.topicOf(o.topic),
            o.key,
            o.event as unknown as EventEnvelope,
            o.headers ?? undefined,
          ),
        ),
      );
      await m.getRepository(OutboxMessage).update(
        batch.map((o) => o.id),
        { publishedAt: new Date() },
      );
      return batch.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
