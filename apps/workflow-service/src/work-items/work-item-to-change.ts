import { DomainError } from '@city/contracts';
import type { WorkItem } from './work-item.entity';
import type { WorkItemRepository } from './work-item.repository';

/**
 * A case's work item, locked for a change by the city that works it; refused when there is none
 * (or another city works it) or its work is done.
 */
export async function workItemToChange(
  items: WorkItemRepository,
  city: string,
  caseId: string,
): Promise<WorkItem> {
  const w = await items.lockByCase(caseId, city);
  if (!w) throw DomainError.notFound('work-items.not-found', `No work item for case ${caseId}.`);
  if (w.state === 'done')
    throw DomainError.conflict('work-items.done', `The work on case ${w.reference} is done.`);
  return w;
}

/** What a CaseRouted of the item says of who works it: the city, when it is not the case's own. */
export const workedByOf = (w: WorkItem): { workedBy?: string } =>
  w.workedBy !== w.tenantId ? { workedBy: w.workedBy } : {};
