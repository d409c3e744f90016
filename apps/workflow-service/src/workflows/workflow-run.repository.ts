import type { WorkflowRun } from './workflow-run.entity';

/** Cases' workflow runs, as the runner needs them. */
export abstract class WorkflowRunRepository {
  /** Adds runs in one statement. */
  abstract addNew(runs: Array<Partial<WorkflowRun>>): Promise<void>;
  /** A case's run, locked for the transaction under way. */
  abstract lockOfCase(caseId: string): Promise<WorkflowRun | null>;
  abstract save(run: WorkflowRun): Promise<void>;
  /** The runs of these cases (a data subject's, for their export). */
  abstract ofCases(caseIds: string[]): Promise<WorkflowRun[]>;
  /** Ends a case's run if it is waiting (its case ended without it). */
  abstract endWaiting(caseId: string, at: Date): Promise<void>;
}
