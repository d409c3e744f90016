import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A retention run (docs/personal-data.md): for a city, the finished requests whose personal data had
 * passed its time, anonymised in every service. Its report: how many requests of each service, what
 * each service changed, who ran it (the nightly schedule, or an administrator) and when. It holds
 * nothing personal.
 */
@Entity({ name: 'retention_runs' })
@Index('retention_runs_city', ['tenantId', 'ranAt'])
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

  /** Document bytes still in the store (their removal failed): tried again by the next run. */
  @Column({ name: 'documents_left', type: 'jsonb', default: () => "'[]'" })
  documentsLeft!: Array<{ key: string; sha256: string }>;
}
