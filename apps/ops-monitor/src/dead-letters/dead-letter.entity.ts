import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A message a consumer gave up on, as the dead-letter topic `<topic>.dlq` holds it: where it is, where
 * it failed, why, and what became of it since. Never its payload (it may hold a citizen's contact
 * details): only the envelope's type, version and ids.
 */
@Entity({ name: 'ops_dead_letters' })
@Index('ops_dead_letters_newest', ['topic', 'failedAt'])
@Index('ops_dead_letters_waiting', ['topic', 'failedAt'], {
  where: 'replayed_at IS NULL AND expired_at IS NULL',
})
export class OpsDeadLetter {
  /** The original topic as contracts spell it (its dead letters are on `<topic>.dlq`). */
  @PrimaryColumn({ type: 'text' })
  topic!: string;

  /** The letter's place on `<topic>.dlq`. */
  @PrimaryColumn({ name: 'dlq_partition', type: 'int' })
  partition!: number;

  @PrimaryColumn({ name: 'dlq_offset', type: 'bigint' })
  offset!: string;

  /** The message's key (a case id, an idempotency key, an agent id). */
  @Column({ name: 'message_key', type: 'text', nullable: true })
  key!: string | null;

  /** Where it failed: its place on the original topic, and the consumer group that gave up on it. */
  @Column({ name: 'original_partition', type: 'int', nullable: true })
  originalPartition!: number | null;

  @Column({ name: 'original_offset', type: 'bigint', nullable: true })
  originalOffset!: string | null;

  @Column({ name: 'consumer_group', type: 'text', nullable: true })
  consumerGroup!: string | null;

  /** The envelope's, when the value is one. */
  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType!: string | null;

  @Column({ name: 'event_version', type: 'int', nullable: true })
  eventVersion!: number | null;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  /** The reason the consumer gave (a domain error's code and message, or the parser's). */
  @Column({ type: 'text' })
  error!: string;

  @Column({ type: 'int', nullable: true })
  attempts!: number | null;

  @Column({ name: 'failed_at', type: 'timestamptz' })
  failedAt!: Date;

  /** The letter this one repeats: it failed again after that one was put back (`partition/offset`). */
  @Column({ name: 'replay_of', type: 'text', nullable: true })
  replayOf!: string | null;

  /** Put back on its topic: when, by whom (null when done outside the ops-monitor), in which replay. */
  @Column({ name: 'replayed_at', type: 'timestamptz', nullable: true })
  replayedAt!: Date | null;

  @Column({ name: 'replayed_by', type: 'text', nullable: true })
  replayedBy!: string | null;

  @Column({ name: 'replay_id', type: 'uuid', nullable: true })
  replayId!: string | null;

  /** Found gone from `<topic>.dlq` (its retention) when a replay looked for it. */
  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;
}

/** One replay asked for from the ops-monitor: who, when, what was asked and what became of each letter. */
@Entity({ name: 'ops_dead_letter_replays' })
@Index('ops_dead_letter_replays_at', ['topic', 'at'])
export class OpsDeadLetterReplay {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** As on every record: `admin:admin-1`. */
  @Column({ type: 'text' })
  actor!: string;

  /** The identity provider's subject id of the actor. */
  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject!: string;

  /** The letters asked for (`partition/offset`), or null for every waiting letter of the topic. */
  @Column({ type: 'text', array: true, nullable: true })
  requested!: string[] | null;

  /** What became of each letter: `replayed`, `replayed-before`, `expired`, `not-reached`, `already-replayed`. */
  @Column({ type: 'jsonb' })
  outcomes!: Record<string, string>;
}
