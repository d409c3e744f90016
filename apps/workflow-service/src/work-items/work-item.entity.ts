import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

export type WorkItemState = 'queued' | 'assigned' | 'done';

/**
 * A case waiting in, or taken from, a work queue. The queue is of the city that works the case
 * (`workedBy`): the case's own city, or the one it hands the service to (a shared service,
 * docs/multi-tenancy.md). Queues, "take next" and agents' loads are by the working city.
 */
@Entity({ name: 'work_items' })
// "Take next": the most urgent queued item of a queue (priority, then due time, then age).
@Index('work_items_next', ['workedBy', 'queue', 'priority', 'resolutionDueAt', 'receivedAt'], {
  where: `"state" = 'queued'`,
})
@Index('work_items_assignee', ['workedBy', 'assignee'], { where: `"state" = 'assigned'` })
export class WorkItem {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The case's city: its record, service level and calendar. */
  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The city whose queue holds the case and whose agents work it. */
  @Column({ name: 'worked_by', type: 'text' })
  workedBy!: string;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'service_code', type: 'text' })
  serviceCode!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  queue!: string;

  /** 1 (most urgent) to 4. */
  @Column({ type: 'smallint' })
  priority!: number;

  /** Skills an agent needs to work it (all of them). */
  @Column({ type: 'text', array: true })
  skills!: string[];

  @Column({ type: 'text' })
  state!: WorkItemState;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ type: 'boolean', default: false })
  escalated!: boolean;

  @Column({ name: 'routing_rule', type: 'text' })
  routingRule!: string;

  @Column({ type: 'text', nullable: true })
  area!: string | null;

  @Column({ name: 'first_response_due_at', type: 'timestamptz', nullable: true })
  firstResponseDueAt!: Date | null;

  @Column({ name: 'resolution_due_at', type: 'timestamptz', nullable: true })
  resolutionDueAt!: Date | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @VersionColumn()
  version!: number;
}
