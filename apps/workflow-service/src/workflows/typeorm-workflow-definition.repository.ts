import { Injectable } from '@nestjs/common';
import { TypeormTransaction } from '@city/platform-database';
import { WorkflowDefinitionRecord } from './workflow-definition.entity';
import { WorkflowDefinitionRepository } from './workflow-definition.repository';

@Injectable()
export class TypeormWorkflowDefinitionRepository extends WorkflowDefinitionRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get records() {
    return this.tx.manager().getRepository(WorkflowDefinitionRecord);
  }

  find(tenantId: string, id: string, version: number): Promise<WorkflowDefinitionRecord | null> {
    return this.records.findOneBy({ tenantId, id, version });
  }

  async add(record: WorkflowDefinitionRecord): Promise<void> {
    await this.records.insert(record);
  }

  all(tenantId: string): Promise<WorkflowDefinitionRecord[]> {
    return this.records.findBy({ tenantId });
  }
}
