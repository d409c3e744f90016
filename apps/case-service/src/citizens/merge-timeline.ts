import type { CitizenMerge } from '../record/citizen-merge.entity';
import type { NewTimelineEntry } from '../record/case.repository';
import type { Party } from '../record/party.entity';

export const nameOf = (p: Party) =>
  [p.firstName, p.lastName].filter(Boolean).join(' ') || 'an unnamed citizen';

/** A line on the timeline of every case a merge (or its reversal) concerned. */
export const mergeTimelineEntries = (
  record: CitizenMerge,
  caseIds: string[],
  at: Date,
  entry: Pick<NewTimelineEntry, 'kind' | 'actor' | 'channel' | 'summary'>,
): NewTimelineEntry[] =>
  caseIds.map((caseId) => ({
    ...entry,
    tenantId: record.tenantId,
    caseId,
    at,
    details: { mergeId: record.id, survivorId: record.survivorId, mergedId: record.mergedId },
  }));
