import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseOpenedV1Payload } from '@city/contracts';
import type { RunState } from '@city/domain-workflow';

/** A case's run of its service's workflow: the version it started with, where it is, what it waits for. */
@Entity({ name: 'workflow_runs' })
@Index('workflow_runs_waiting', ['tenantId', 'status'])
export class WorkflowRun {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'workflow_version', type: 'int' })
  workflowVersion!: number;

  @Column({ type: 'text' })
  step!: string;

  @Column({ type: 'text' })
  status!: RunState['status'];

  @Column({ name: 'waiting_for', type: 'text', nullable: true })
  waitingFor!: RunState['waitingFor'];

  @Column({ type: 'jsonb' })
  trail!: string[];

  /** The case as it opened: what later steps route and branch on. */
  @Column({ type: 'jsonb' })
  opened!: CaseOpenedV1Payload & { correlationId: string; eventId: string; tenantId: string };

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
