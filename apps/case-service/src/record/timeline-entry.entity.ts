import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type TimelineKind =
  | 'created'
  | 'routed'
  | 'assigned'
  | 'due-times-set'
  | 'sla-warning'
  | 'sla-breached'
  | 'status-changed'
  | 'note-added'
  | 'linked'
  | 'message-sent'
  | 'message-not-sent'
  | 'contact'
  | 'citizen-merged'
  | 'citizen-unmerged'
  | 'citizen-replied'
  | 'satisfaction-recorded';

/** The append-only history of a case: nothing here is ever updated or deleted. */
@Entity({ name: 'timeline_entries' })
@Index('timeline_case', ['caseId', 'at'])
export class TimelineEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  kind!: TimelineKind;

  /** Who did it: a citizen, an agent or clerk id, a device, or a service. */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
