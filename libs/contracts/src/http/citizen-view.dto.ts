import { z } from 'zod';
import { CASE_STATUSES } from '../events/case-opened.v1';
import { REFERENCE_PATTERN } from '../reference';
import { satisfactionQuestionSchema } from './satisfaction.dto';

const instant = z.iso.datetime({ offset: true });
const reference = z.string().regex(REFERENCE_PATTERN);

/** The kinds of timeline entry a citizen may see of a case; every other kind stays with the city. */
export const CITIZEN_TIMELINE_KINDS = [
  'created',
  'status-changed',
  'note-added',
  'linked',
  'message-sent',
  'citizen-replied',
] as const;
export type CitizenTimelineKind = (typeof CITIZEN_TIMELINE_KINDS)[number];

/**
 * One line of a case's history as its citizen sees it: their request received (and on which
 * channel), a status change (from and to, never the reason typed with it), a note an agent shared
 * with the citizen, the case joined to an earlier report (naming that one's reference), a message
 * sent to them (and on which medium), their own replies (how many documents, and whether with a
 * message). Never who did it, an internal note, nor anyone else's data.
 */
export const citizenTimelineEntrySchema = z.object({
  at: instant,
  kind: z.enum(CITIZEN_TIMELINE_KINDS),
  /** The line in English (the phone line's and Open311's language of record). */
  text: z.string(),
  /**
   * What the line says, as data, so a screen can say it in the citizen's language: the channel a
   * request came by, a change's statuses, the reference joined to, the medium of a message, the
   * number of documents sent and whether with a message. A shared note has none (its text is the
   * agent's own words).
   */
  facts: z
    .object({
      channel: z.string(),
      from: z.enum(CASE_STATUSES),
      to: z.enum(CASE_STATUSES),
      reference,
      medium: z.string(),
      documents: z.number().int().nonnegative(),
      message: z.boolean(),
    })
    .partial(),
});
export type CitizenTimelineEntry = z.infer<typeof citizenTimelineEntrySchema>;

/**
 * What a citizen may see of one of their requests beyond its status (case-service
 * `GET /api/v1/requests/:reference` and each case of `GET /api/v1/me/cases`): when it should be
 * dealt with (null once it reached an outcome), until when a resolved one may be reopened, its
 * history oldest first, and, for a report joined
 * to an earlier one of the same problem, that one's reference, status and expected date (the
 * citizen follows it from then on).
 */
export const citizenCaseViewSchema = z.object({
  /** The resolution due time, or null (none set, or the case reached an outcome). */
  expectedBy: instant.nullable(),
  /** The first-response due time, or null (none set, or the case reached an outcome). */
  firstResponseBy: instant.nullable(),
  /**
   * While the case is resolved, to the citizen who made the request: until when they may reopen it
   * (its service's period after resolution), so a screen can say "you can reopen until …". Null
   * otherwise (not resolved, a follower's view, or the workflow has not said yet). A time already
   * past means the period is over: a reopening is refused and the case is about to close.
   */
  reopenUntil: instant.nullable(),
  /**
   * To the citizen who made the request, once it was resolved: the satisfaction question (asked once,
   * after the first resolution), whether it takes answers now, until when, and their answer. Null
   * otherwise (not resolved yet, a follower's view, or a request withdrawn, passed on or joined to
   * another).
   */
  satisfaction: satisfactionQuestionSchema.nullable(),
  timeline: z.array(citizenTimelineEntrySchema),
  duplicateOf: z
    .object({
      reference,
      status: z.enum(CASE_STATUSES),
      expectedBy: instant.nullable(),
    })
    .nullable(),
});
export type CitizenCaseView = z.infer<typeof citizenCaseViewSchema>;

/** A request followed by its reference and the email or phone given with it (`GET /api/v1/requests/:reference`). */
export const followedRequestSchema = citizenCaseViewSchema.extend({
  reference,
  citizenId: z.uuid(),
  service: z.string(),
  status: z.enum(CASE_STATUSES),
  receivedAt: instant,
  /** One sentence a kiosk shows or a voice system reads out. */
  summary: z.string(),
});
export type FollowedRequest = z.infer<typeof followedRequestSchema>;

/** A signed-in citizen's own requests and those they follow, newest first (`GET /api/v1/me/cases`). */
export const ownCasesSchema = z.object({
  count: z.number().int().nonnegative(),
  cases: z.array(followedRequestSchema.omit({ citizenId: true })),
});
export type OwnCases = z.infer<typeof ownCasesSchema>;
