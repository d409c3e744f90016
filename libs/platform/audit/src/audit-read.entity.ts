import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One read of personal data: who (from their token), what (the action and its subject, and the
 * references a search returned), when, and how it ended. Append-only: each service's migration puts
 * a trigger on the table that refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'audit_reads' })
@Index('audit_reads_by_actor', ['tenantId', 'actor', 'at'])
@Index('audit_reads_by_subject', ['tenantId', 'subject', 'at'])
export class AuditRead {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  /** As on every record: `agent:agent-17`, `service:notification-service`. */
  @Column({ type: 'text' })
  actor!: string;

  /** The identity provider's subject id of the actor. */
  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject!: string;

  /** What was read, e.g. `case.read`, `cases.search`, `citizen.read`. */
  @Column({ type: 'text' })
  action!: string;

  /** The reference, citizen id or search that was read. */
  @Column({ type: 'text' })
  subject!: string;

  /** The references a read showed (a search's results); empty for a single read. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  references!: string[];

  /** The HTTP status the reader got (a refused or missing read is audited too). */
  @Column({ type: 'smallint' })
  outcome!: number;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;
}
