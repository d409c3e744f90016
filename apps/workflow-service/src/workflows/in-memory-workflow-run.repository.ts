import { WorkflowRun } from './workflow-run.entity';
import { WorkflowRunRepository } from './workflow-run.repository';

const copy = (r: WorkflowRun): WorkflowRun => Object.assign(new WorkflowRun(), structuredClone(r));

/** WorkflowRunRepository in memory, for use cases' unit tests. */
export class InMemoryWorkflowRunRepository extends WorkflowRunRepository {
  readonly rows = new Map<string, WorkflowRun>();

  get(caseId: string): WorkflowRun | undefined {
    return this.rows.get(caseId);
  }

  async addNew(runs: Array<Partial<WorkflowRun>>): Promise<void> {
    for (const r of runs as WorkflowRun[]) {
      if (this.rows.has(r.caseId)) throw new Error(`duplicate key: workflow run of ${r.caseId}`);
      this.rows.set(r.caseId, copy(r));
    }
  }

  async lockOfCase(caseId: string): Promise<WorkflowRun | null> {
    const r = this.rows.get(caseId);
    return r ? copy(r) : null;
  }

  async ofCases(caseIds: string[]): Promise<WorkflowRun[]> {
    return caseIds.flatMap((id) => {
      const r = this.rows.get(id);
      return r ? [copy(r)] : [];
    });
  }

  async save(run: WorkflowRun): Promise<void> {
    this.rows.set(run.caseId, copy(run));
  }

  async endWaiting(caseId: string, at: Date): Promise<void> {
    const r = this.rows.get(caseId);
    if (r?.status === 'waiting') Object.assign(r, { status: 'done', waitingFor: null, updatedAt: at });
  }
}
