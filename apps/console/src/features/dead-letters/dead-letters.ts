import type { DeadLetter, ReplayAnswer, SkipReason } from './dead-letter-types';

/** What an administrator asks to put back: some letters of a topic, or every waiting one (no ids). */
export interface ReplayRequest {
  topic: string;
  ids?: string[];
}

/** The body of POST /api/v1/dead-letters/replay for a request (ids only when some are named). */
export const replayBody = (r: ReplayRequest): { topic: string; ids?: string[] } =>
  r.ids && r.ids.length > 0 ? { topic: r.topic, ids: [...new Set(r.ids)] } : { topic: r.topic };

/** The event a letter carried, as a person reads it: `CaseOpened v1`, or null when it was no envelope. */
export const eventLabel = (l: Pick<DeadLetter, 'eventType' | 'eventVersion'>): string | null =>
  l.eventType ? (l.eventVersion === null ? l.eventType : `${l.eventType} v${l.eventVersion}`) : null;

/** Only a waiting letter can be put back. */
export const canPutBack = (l: Pick<DeadLetter, 'state'>): boolean => l.state === 'waiting';

const REASONS: SkipReason[] = ['already-replayed', 'replayed-before', 'expired', 'not-reached'];

/**
 * A replay's answer for the screen: how many went back, and the skipped ones grouped by reason (in
 * a fixed order, each reason once, with its letters' ids in the answer's order).
 */
export function answerSummary(a: ReplayAnswer): {
  putBack: number;
  skipped: Array<{ reason: SkipReason; ids: string[] }>;
} {
  return {
    putBack: a.replayed.length,
    skipped: REASONS.map((reason) => ({
      reason,
      ids: a.skipped.filter((s) => s.reason === reason).map((s) => s.id),
    })).filter((g) => g.ids.length > 0),
  };
}
