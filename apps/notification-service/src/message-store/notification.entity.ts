import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type NotificationState = 'pending' | 'done';

/**
 * A message the city owes its citizens about a case: asked for by a fact (a workflow step, the
 * case record), written in the transaction that claims the fact, and pending until every recipient
 * has it or is known not to get it. Redis may lose the job that sends it; this row is not lost.
 */
@Entity({ name: 'notifications' })
// The reconciler looks for pending notifications whose lease has run out.
@Index('notifications_pending', ['requestedAt'], { where: `state = 'pending'` })
export class Notification {
  /** Name-based from the fact and the template: the same fact asks for the same message once. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text' })
  template!: string;

  /** What the template speaks of beyond the case (the original's reference, a note, a reason). */
  @Column({ type: 'jsonb' })
  facts!: Record<string, string>;

  @Column({ name: 'cause_event_id', type: 'uuid' })
  causeEventId!: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ type: 'text', default: 'pending' })
  state!: NotificationState;

  /** Rounds of sending tried so far. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** While set and in the future, one worker is sending this message; no other starts. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
