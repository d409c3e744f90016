import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** How a run ended: all done; stopped before the end (a service out of reach, or a fault: the next run does the rest); cut short (its process gone). */
export type RetentionOutcome = 'done' | 'stopped' | 'cut-short';

/**
 * A retention run (docs/personal-data.md): for a city, the finished requests whose personal data had
 * passed its time, anonymised in every service. Its report: how many requests of each service, what
 * each service changed, who ran it (the nightly schedule, or an administrator) and when. It holds
 * nothing personal.
 */
@Entity({ name: 'retention_runs' })
@Index('retention_runs_city', ['tenantId', 'ranAt'])
// One run of a city under way at a time: two at once (the nightly one and an administrator's, or two
// replicas') would each count the other's requests in its report.
@Index('retention_runs_one_under_way', ['tenantId'], { unique: true, where: '"finished_at" IS NULL' })
export class RetentionRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'ran_at', type: 'timestamptz' })
  ranAt!: Date;

  /** `schedule` (the nightly run), or the administrator's actor label. */
  @Column({ name: 'ran_by', type: 'text' })
  ranBy!: string;

  /** Requests anonymised, per service code. */
  @Column({ name: 'cases_by_service', type: 'jsonb' })
  casesByService!: Record<string, number>;

  /** Per service of the platform, how many rows of each kind it anonymised or removed. */
  @Column({ type: 'jsonb' })
  erased!: Record<string, Record<string, number>>;

  /** When it ended; null while under way. */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** How it ended; null while under way. */
  @Column({ type: 'text', nullable: true })
  outcome!: RetentionOutcome | null;

  /** Written with each batch: a run under way not heard of for a while is taken to be cut short. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Document bytes still in the store (their removal failed): tried again by the next run. */
  @Column({ name: 'documents_left', type: 'jsonb', default: () => "'[]'" })
  documentsLeft!: Array<{ key: string; sha256: string }>;
}
