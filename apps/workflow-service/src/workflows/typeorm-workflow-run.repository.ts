import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { insertMany, TypeormTransaction } from '@city/platform-database';
import { WorkflowRun } from './workflow-run.entity';
import { WorkflowRunRepository } from './workflow-run.repository';

@Injectable()
export class TypeormWorkflowRunRepository extends WorkflowRunRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get runs() {
    return this.tx.manager().getRepository(WorkflowRun);
  }

  addNew(runs: Array<Partial<WorkflowRun>>): Promise<void> {
    return insertMany(this.tx.manager(), WorkflowRun, runs);
  }

  lockOfCase(caseId: string): Promise<WorkflowRun | null> {
    return this.runs
      .createQueryBuilder('r')
      .where('r.case_id = :caseId', { caseId })
      .setLock('pessimistic_write')
      .getOne();
  }

  ofCases(caseIds: string[]): Promise<WorkflowRun[]> {
    return caseIds.length ? this.runs.findBy({ caseId: In(caseIds) }) : Promise.resolve([]);
  }

  async save(run: WorkflowRun): Promise<void> {
    await this.runs.save(run);
  }

  async endWaiting(caseId: string, at: Date): Promise<void> {
    await this.runs.update(
      { caseId, status: 'waiting' },
      { status: 'done', waitingFor: null, updatedAt: at },
    );
  }
}
