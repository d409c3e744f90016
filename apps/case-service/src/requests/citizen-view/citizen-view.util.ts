import {
  CASE_STATUSES,
  CITIZEN_TIMELINE_KINDS,
  type CaseStatus,
  type CitizenCaseView,
  type CitizenTimelineEntry,
  type CitizenTimelineKind,
} from '@city/contracts';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import type { CaseRecord } from '../../record/case.entity';
import type { CaseSatisfaction } from '../../record/case-satisfaction.entity';
import { sharedNoteText } from '../../record/case-views';
import { satisfactionStateOf, satisfactionView } from '../../record/satisfaction-view';
import type { TimelineEntry } from '../../record/timeline-entry.entity';

/** Who is looking at a case's timeline, and what it may name. */
export interface CitizenViewer {
  /** The citizen's record ids (a merged record's and its survivor's): the messages sent to them are theirs to see. */
  citizenIds: ReadonlySet<string>;
  /** Whether the case is the citizen's own request (not one they follow because theirs was joined to it). */
  ownCase: boolean;
  /** References of cases this case may name (the one it duplicates), by case id. */
  references: ReadonlyMap<string, string>;
}

const CHANNEL_WORDS: Record<string, string> = {
  web: 'online',
  phone: 'by phone',
  kiosk: 'at a kiosk',
  counter: 'at a counter',
};
const MEDIUM_WORDS: Record<string, string> = {
  email: 'An email',
  sms: 'A text message',
  portal: 'A portal message',
};

const isStatus = (s: unknown): s is CaseStatus => CASE_STATUSES.includes(s as CaseStatus);
const statusWords = (s: CaseStatus) => s.replace(/-/g, ' ');

type Line = Pick<CitizenTimelineEntry, 'text' | 'facts'>;

/** What a citizen may read of one entry, or null: built only from structured fields, never the summary nor the actor. */
function lineOf(t: TimelineEntry, viewer: CitizenViewer): Line | null {
  const d = t.details ?? {};
  switch (t.kind) {
    case 'created':
      // Their own request only; how another citizen reached the city is not theirs to know.
      if (!viewer.ownCase) return null;
      return {
        text: `Your request was received ${(t.channel && CHANNEL_WORDS[t.channel]) || ''}`.trimEnd() + '.',
        facts: t.channel ? { channel: t.channel } : {},
      };
    case 'status-changed':
      // From and to only: the reason typed with a change is the agent's, never marked for the public
      // (as Open311 status notes, only a note marked shared reaches the citizen).
      if (!isStatus(d['from']) || !isStatus(d['to'])) return null;
      return {
        text: `Status changed from ${statusWords(d['from'])} to ${statusWords(d['to'])}.`,
        facts: { from: d['from'], to: d['to'] },
      };
    case 'note-added': {
      const text = sharedNoteText(t);
      return text ? { text, facts: {} } : null;
    }
    case 'linked': {
      // Joined to an earlier report: an agent's link names its target; the intake's names its id. A
      // related case, or another citizen's report joined to this one, is not shown.
      const agentLinked = d['change'] === 'linked' && d['kind'] === 'duplicate-of';
      const reference = agentLinked
        ? (viewer.references.get(String(d['toCaseId'])) ??
          (typeof d['toReference'] === 'string' ? d['toReference'] : undefined))
        : typeof d['duplicateOf'] === 'string'
          ? viewer.references.get(d['duplicateOf'])
          : undefined;
      if (!reference) return null;
      return {
        text: `Joined to ${reference}, an earlier report of the same problem: you will hear about that one.`,
        facts: { reference },
      };
    }
    case 'message-sent': {
      // Only the messages sent to this citizen (a case's followers are told too), and only the medium.
      const to = d['citizenId'];
      if (typeof to !== 'string' || !viewer.citizenIds.has(to)) return null;
      return {
        text: `${(t.channel && MEDIUM_WORDS[t.channel]) || 'A message'} was sent to you.`,
        facts: t.channel ? { medium: t.channel } : {},
      };
    }
    case 'citizen-replied': {
      // Their own reply, counted (never its message nor the files' names): another citizen's is not theirs to see.
      if (!viewer.ownCase) return null;
      const documents = Array.isArray(d['documents']) ? d['documents'].length : 0;
      const withMessage = typeof d['message'] === 'string' && d['message'] !== '';
      const sent = [
        ...(documents > 0 ? [documents === 1 ? 'a document' : `${documents} documents`] : []),
        ...(withMessage ? ['a message'] : []),
      ];
      return sent.length > 0
        ? { text: `You sent ${sent.join(' and ')}.`, facts: { documents, message: withMessage } }
        : null;
    }
    default:
      return null;
  }
}

/**
 * The entries of a case's timeline its citizen may see, oldest first: their request received (and on
 * which channel), status changes (from and to), notes an agent shared with them, the case joined to
 * an earlier report (by its reference), messages sent to them (by medium), their own replies (how
 * many documents, and whether with a message). Nothing else: no routing,
 * assignment, SLA or contact entries, no internal note, no reason typed with a change, no actor, and
 * nothing about other citizens (their reports joined to this one, the messages sent to them).
 */
export function citizenTimeline(
  entries: readonly TimelineEntry[],
  viewer: CitizenViewer,
): CitizenTimelineEntry[] {
  return [...entries]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .flatMap((t) => {
      const kind = t.kind as CitizenTimelineKind;
      const line = CITIZEN_TIMELINE_KINDS.includes(kind) ? lineOf(t, viewer) : null;
      return line ? [{ at: t.at.toISOString(), kind, ...line }] : [];
    });
}

/** A due time while the case is still being dealt with; none once it reached an outcome. */
const dueWhileActive = (c: CaseRecord, due: Date | null) =>
  due && ACTIVE_STATUSES.includes(c.status) ? due.toISOString() : null;

/**
 * What a citizen sees of a case beyond its status: when it should be dealt with, until when they may
 * reopen it (their own request, while resolved), the satisfaction question once it was resolved
 * (their own request: its state from the status changes among `entries`, and their `answer`), its
 * timeline, and, when it duplicates another, that one's reference, status and expected date
 * (`original`, which the caller read by the case's `duplicateOf`).
 */
export function citizenCaseView(
  c: CaseRecord,
  entries: readonly TimelineEntry[],
  original: CaseRecord | null,
  viewer: CitizenViewer,
  answer: CaseSatisfaction | null = null,
  now: Date = new Date(),
): CitizenCaseView {
  return {
    expectedBy: dueWhileActive(c, c.resolutionDueAt),
    firstResponseBy: dueWhileActive(c, c.firstResponseDueAt),
    // Only its reporter may reopen it (a follower may not), and only while it is resolved.
    reopenUntil: viewer.ownCase && c.status === 'resolved' && c.closesAt ? c.closesAt.toISOString() : null,
    // Only its reporter is asked how the city handled it (a follower's own report is the one they answer about).
    satisfaction: viewer.ownCase ? satisfactionView(satisfactionStateOf(c, entries, now), answer) : null,
    timeline: citizenTimeline(entries, viewer),
    duplicateOf:
      original && c.duplicateOf === original.id
        ? {
            reference: original.reference,
            status: original.status,
            expectedBy: dueWhileActive(original, original.resolutionDueAt),
          }
        : null,
  };
}
