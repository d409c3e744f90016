import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One case as operations see it, folded from the case and workflow facts: where it came from
 * (service, LGSL id, channel, district), where its work is (queue, priority, who holds it), its clocks
 * and what became of them, and how it ended (resolved in time or not, reopened, satisfaction).
 * Facts of one case can arrive from two topics in any order, so every column may be filled by the
 * first fact that knows it.
 */
@Entity({ name: 'ops_cases' })
@Index('ops_cases_live', ['tenantId', 'queue'], { where: 'open' })
@Index('ops_cases_received', ['tenantId', 'receivedAt'])
@Index('ops_cases_resolved', ['tenantId', 'resolvedAt'])
// The cases a city works for another (a shared service), for its board and reports to count too.
@Index('ops_cases_worked_live', ['workedBy', 'queue'], { where: 'open AND "worked_by" IS NOT NULL' })
@Index('ops_cases_worked_received', ['workedBy', 'receivedAt'], { where: '"worked_by" IS NOT NULL' })
export class OpsCase {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The city that works the case for its city (a shared service); null when its own city does. */
  @Column({ name: 'worked_by', type: 'text', nullable: true })
  workedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ name: 'service_code', type: 'text', nullable: true })
  serviceCode!: string | null;

  @Column({ name: 'lgsl_id', type: 'int', nullable: true })
  lgslId!: number | null;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text', nullable: true })
  district!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  /** Not finished: received, open, in progress or waiting for the citizen (true until the case is known finished). */
  @Column({ type: 'boolean', default: true })
  open!: boolean;

  @Column({ type: 'boolean', default: false })
  duplicate!: boolean;

  @Column({ type: 'text', nullable: true })
  queue!: string | null;

  @Column({ type: 'smallint', nullable: true })
  priority!: number | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ name: 'first_response_due_at', type: 'timestamptz', nullable: true })
  firstResponseDueAt!: Date | null;

  @Column({ name: 'resolution_due_at', type: 'timestamptz', nullable: true })
  resolutionDueAt!: Date | null;

  /** The latest resolution (a reopened case resolved again has the later one). */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** Whether that resolution came by the resolution due time; null while unresolved or without a target. */
  @Column({ name: 'resolved_within_sla', type: 'boolean', nullable: true })
  resolvedWithinSla!: boolean | null;

  /** Minutes from the citizen's asking to the first response and to the (latest) resolution: the reports count them into histograms without date arithmetic. */
  @Column({ name: 'first_response_minutes', type: 'int', nullable: true })
  firstResponseMinutes!: number | null;

  @Column({ name: 'resolution_minutes', type: 'int', nullable: true })
  resolutionMinutes!: number | null;

  @Column({ name: 'reopen_count', type: 'int', default: 0 })
  reopenCount!: number;

  /** The resolution clock's warning and breach, as the workflow-service's timers sent them. */
  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true })
  warnedAt!: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  satisfaction!: number | null;

  @Column({ name: 'status_since', type: 'timestamptz', nullable: true })
  statusSince!: Date | null;
}

/** How long a case spent in each status: the process review's raw material. */
@Entity({ name: 'ops_status_spans' })
@Index('ops_status_spans_open', ['caseId'], { where: 'left_at IS NULL' })
@Index('ops_status_spans_entered', ['tenantId', 'enteredAt'])
export class OpsStatusSpan {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The case's service, kept on the span so that the process review reads one table. */
  @Column({ name: 'service_code', type: 'text', nullable: true })
  serviceCode!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'entered_at', type: 'timestamptz' })
  enteredAt!: Date;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  /** Whole minutes spent in the status, set when the case left it. */
  @Column({ type: 'int', nullable: true })
  minutes!: number | null;
}

/** That the read models were built here from the streams' start: missing, the service rebuilds them. */
@Entity({ name: 'ops_projection_state' })
export class OpsProjectionState {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'built_since', type: 'timestamptz' })
  builtSince!: Date;
}

/**
 * Which cases of `ops_cases` a city's board and reports count (SQL, the city as parameter `p`): its
 * own, and those it works for another city by agreement (a shared service), so that both cities see
 * a shared case (docs/multi-tenancy.md). Each side an index of its own (BitmapOr).
 */
export const seenBy = (p: string, alias = ''): string =>
  `(${alias}tenant_id = ${p} OR ${alias}worked_by = ${p})`;

/** The cases a city's agents work (SQL, the city as parameter `p`): its own unless handed to another, and those handed to it. */
export const workedBy = (p: string): string =>
  `((tenant_id = ${p} AND worked_by IS NULL) OR worked_by = ${p})`;
