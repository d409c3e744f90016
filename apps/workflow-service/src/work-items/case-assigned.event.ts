import { caseAssignedV1, createEnvelope, TOPICS } from '@city/contracts';
import type { OutboxItem } from '@city/platform-database';
import type { WorkItem } from './work-item.entity';

/** CaseAssigned for an item as it is now (taken, given back or reassigned), `by` whom or what. */
export const caseAssigned = (item: WorkItem, by: string, at: Date): OutboxItem => ({
  topic: TOPICS.workflowEvents,
  key: item.caseId,
  event: createEnvelope(caseAssignedV1, {
    tenantId: item.tenantId,
    correlationId: item.caseId,
    payload: {
      caseId: item.caseId,
      reference: item.reference,
      at: at.toISOString(),
      queue: item.queue,
      assignee: item.assignee,
      by,
    },
  }),
});
