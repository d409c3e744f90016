import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkflowDefinition } from '@city/domain-workflow';

/** A version of a workflow definition. Versions are never changed, only added; runs pin theirs. */
@Entity({ name: 'workflow_definitions' })
export class WorkflowDefinitionRecord {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  id!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  definition!: WorkflowDefinition;

  @Column({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt!: Date;
}
