import type { WorkflowDefinitionRecord } from './workflow-definition.entity';

/** Stored versions of the workflow definitions. */
export abstract class WorkflowDefinitionRepository {
  abstract find(tenantId: string, id: string, version: number): Promise<WorkflowDefinitionRecord | null>;
  abstract add(record: WorkflowDefinitionRecord): Promise<void>;
  /** Every stored version of a tenant's workflows. */
  abstract all(tenantId: string): Promise<WorkflowDefinitionRecord[]>;
}
