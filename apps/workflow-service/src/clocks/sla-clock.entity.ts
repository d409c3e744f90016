import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The two service-level targets; the quiet period after resolution before the case closes by itself; a workflow's wake-up. */
export type SlaTargetKind = 'first-response' | 'resolution' | 'auto-close' | 'workflow-wake';
export type SlaClockState = 'running' | 'paused' | 'warned' | 'breached' | 'stopped' | 'fired';

/**
 * One service-level clock of a case. Due times live here; BullMQ only schedules the moments to look
 * at them, and what fired is recorded here, so a timer that runs twice has one effect.
 */
@Entity({ name: 'sla_clocks' })
@Index('sla_clocks_live', ['tenantId', 'state'])
export class SlaClock {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ type: 'text' })
  target!: SlaTargetKind;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  reference!: string;

  /** The target as the catalogue stated it when the case arrived. */
  @Column({ name: 'target_value', type: 'double precision' })
  targetValue!: number;

  @Column({ name: 'target_unit', type: 'text' })
  targetUnit!: 'working-days' | 'working-hours' | 'calendar-days' | 'hours';

  @Column({ type: 'text' })
  calendar!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  /** Times the clock stood still (waiting for the citizen); the last may be open. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  pauses!: Array<{ from: string; to: string | null }>;

  @Column({ name: 'warn_at', type: 'timestamptz', nullable: true })
  warnAt!: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'text' })
  state!: SlaClockState;

  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true })
  warnedAt!: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt!: Date | null;
}
