import { DomainError } from '@city/contracts';
import type { WorkItem } from './work-item.entity';
import type { WorkItemRepository } from './work-item.repository';

/** A case's work item, locked for a change; refused when there is none or its work is done. */
export async function workItemToChange(
  items: WorkItemRepository,
  tenantId: string,
  caseId: string,
): Promise<WorkItem> {
  const w = await items.lockByCase(caseId, tenantId);
  if (!w) throw DomainError.notFound('work-items.not-found', `No work item for case ${caseId}.`);
  if (w.state === 'done')
    throw DomainError.conflict('work-items.done', `The work on case ${w.reference} is done.`);
  return w;
}
