import type { CaseStatus } from '@city/contracts';

/**
 * How long the satisfaction question takes answers after the resolution it asks about: long enough
 * for a citizen back from a holiday, short enough that an answer still speaks of that handling (a
 * report over a period counts the answers to its resolutions). Within it a citizen may change their
 * answer (a wrong tap); after it the question is closed.
 */
export const SATISFACTION_ANSWER_DAYS = 30;
const DAY_MS = 86_400_000;

/** Outcomes that are not the city handling the request: nobody is asked about them. */
const NOT_ASKED: Partial<Record<CaseStatus, string>> = {
  duplicate: 'it was joined to an earlier report of the same problem; we ask about that one',
  withdrawn: 'it was withdrawn',
  'not-our-responsibility': 'it was passed on, as it is not something the council looks after',
};

/** The satisfaction question of a case, as of `now`. */
export type SatisfactionQuestionState =
  /** Not put to the citizen (yet, or ever): why, in words for them. */
  | { asked: false; why: string }
  /** Put after the first resolution (`resolvedAt`); it takes answers while `open`, until `openUntil`. */
  | { asked: true; resolvedAt: Date; openUntil: Date; open: boolean };

/**
 * Whether a case's citizen is asked "How satisfied are you with how we handled your request?", and
 * whether an answer is taken now. The question is put once, after the case's first resolution
 * (`firstResolvedAt`): a case reopened and resolved again is not asked again, and the answer window
 * counts from that first resolution. A reopened case can still be answered about (a citizen who
 * reopened has something to say). A duplicate, a withdrawn request and one passed on are not asked.
 */
export function satisfactionQuestionOf(
  status: CaseStatus,
  firstResolvedAt: Date | null,
  now: Date,
  answerDays = SATISFACTION_ANSWER_DAYS,
): SatisfactionQuestionState {
  const notAsked = NOT_ASKED[status];
  if (notAsked) return { asked: false, why: notAsked };
  if (!firstResolvedAt) return { asked: false, why: 'it has not been resolved yet; we ask once it is' };
  const openUntil = new Date(firstResolvedAt.getTime() + answerDays * DAY_MS);
  return { asked: true, resolvedAt: firstResolvedAt, openUntil, open: now.getTime() < openUntil.getTime() };
}

/**
 * When a case was first resolved, from its status changes (`to` of each, in any order): the moment
 * the satisfaction question was put. Null when it never was.
 */
export function firstResolutionOf(changes: ReadonlyArray<{ at: Date; to: unknown }>): Date | null {
  let first: Date | null = null;
  for (const c of changes)
    if (c.to === 'resolved' && (!first || c.at.getTime() < first.getTime())) first = c.at;
  return first;
}
