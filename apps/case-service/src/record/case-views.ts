import type { CaseRecord } from './case.entity';
import type { TimelineEntry } from './timeline-entry.entity';
import type { Interaction } from './interaction.entity';

export const caseView = (c: CaseRecord) => ({
  id: c.id,
  reference: c.reference,
  /** The case's city, and the city that works it when another does (a shared service), else null. */
  city: c.tenantId,
  workedBy: c.workedBy,
  service: {
    code: c.serviceCode,
    version: c.serviceVersion,
    lgslId: c.lgslId,
    interaction: c.interactionType,
  },
  status: c.status,
  priority: c.priority,
  description: c.description,
  attributes: c.attributes,
  location: { lat: c.lat, long: c.long, address: c.address, propertyId: c.propertyId },
  channelOfOrigin: c.channelOfOrigin,
  citizenId: c.partyId,
  queue: c.queue,
  assignee: c.assignee,
  dueAt: {
    firstResponse: c.firstResponseDueAt?.toISOString() ?? null,
    resolution: c.resolutionDueAt?.toISOString() ?? null,
  },
  duplicateOf: c.duplicateOf,
  receivedAt: c.receivedAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  version: c.version,
});

export const timelineView = (t: TimelineEntry) => ({
  kind: t.kind,
  actor: t.actor,
  channel: t.channel,
  at: t.at.toISOString(),
  summary: t.summary,
});

/** A citizen's own words on a reply (kept on the entry, never in its summary), or null. */
export const replyMessageOf = (t: TimelineEntry): string | null => {
  const message = t.kind === 'citizen-replied' ? t.details['message'] : undefined;
  return typeof message === 'string' ? message : null;
};

/**
 * The text of a note an agent marked shared (`details.visibility`, as the note was written), or null:
 * the one rule for what of a case's notes the public and its citizen may read. An internal note, an
 * entry of any other kind (a status change's reason is never marked for the public) and an entry
 * without the marking are not shared. The summary's "Internal note: " prefix is for agents' screens
 * and is not relied on.
 */
export function sharedNoteText(t: Pick<TimelineEntry, 'kind' | 'details'>): string | null {
  if (t.kind !== 'note-added') return null;
  const d = t.details as { visibility?: unknown; text?: unknown };
  return d.visibility === 'shared' && typeof d.text === 'string' && d.text ? d.text : null;
}

export const interactionView = (i: Interaction) => ({
  id: i.id,
  channel: i.channel,
  direction: i.direction,
  kind: i.kind,
  handledBy: i.handledBy,
  handlerKind: i.handlerKind,
  occurredAt: i.occurredAt.toISOString(),
  summary: i.summary,
  caseIds: i.caseIds,
});

const STATUS_WORDS: Record<string, string> = {
  received: 'has been received and is waiting to be looked at',
  open: 'is open',
  'in-progress': 'is being worked on',
  'waiting-for-citizen': 'is waiting for information from you',
  resolved: 'has been resolved',
  closed: 'is closed',
  duplicate: 'was joined to an earlier report of the same problem',
  'not-our-responsibility': 'was passed on, as it is not something the council looks after',
  withdrawn: 'was withdrawn',
};

/** The same of the earlier report a duplicate joined: it is someone else's, so nothing is "from you". */
const ORIGINAL_WORDS: Record<string, string> = {
  ...STATUS_WORDS,
  'waiting-for-citizen': 'is waiting for more information',
  duplicate: 'was joined to another report',
};

/** The earlier report a duplicate joined, as its citizen may know it (`duplicateOf` of the citizen's view). */
export interface JoinedReport {
  reference: string;
  status: string;
  /** Its resolution due time while it is being dealt with (ISO), else null. */
  expectedBy: string | null;
}

const dayOf = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/**
 * A status a voice system can read out, or a kiosk show in one line. For a report joined to an
 * earlier one (`joined`, read by the caller), that one's reference, status and expected date: the
 * answer every citizen view gives for a duplicate.
 */
export function spokenStatus(c: CaseRecord, joined?: JoinedReport | null): string {
  const service = c.serviceCode.replace(/-/g, ' ');
  const received = `Your ${service} request, received on ${dayOf(c.receivedAt)},`;
  if (c.status === 'duplicate' && joined) {
    const state = ORIGINAL_WORDS[joined.status] ?? `is ${joined.status}`;
    const by = joined.expectedBy ? ` It should be dealt with by ${dayOf(new Date(joined.expectedBy))}.` : '';
    return `${received} joined an earlier report of the same problem, reference ${joined.reference}, which ${state}.${by}`;
  }
  return `${received} ${STATUS_WORDS[c.status] ?? `is ${c.status}`}.`;
}
