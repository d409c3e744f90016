import type { WorkflowDefinitionRecord } from './workflow-definition.entity';
import { WorkflowDefinitionRepository } from './workflow-definition.repository';

/** WorkflowDefinitionRepository in memory, for unit tests. */
export class InMemoryWorkflowDefinitionRepository extends WorkflowDefinitionRepository {
  readonly rows: WorkflowDefinitionRecord[] = [];

  async find(tenantId: string, id: string, version: number): Promise<WorkflowDefinitionRecord | null> {
    return this.rows.find((r) => r.tenantId === tenantId && r.id === id && r.version === version) ?? null;
  }

  async add(record: WorkflowDefinitionRecord): Promise<void> {
    this.rows.push(structuredClone(record));
  }

  async all(tenantId: string): Promise<WorkflowDefinitionRecord[]> {
    return this.rows.filter((r) => r.tenantId === tenantId);
  }
}
