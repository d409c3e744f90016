import type { CaseStatus } from '@city/contracts';

/** Statuses in which a case is still being dealt with. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = [
  'received',
  'open',
  'in-progress',
  'waiting-for-citizen',
];
/** Outcomes after which nothing changes any more. */
export const TERMINAL_STATUSES: readonly CaseStatus[] = [
  'closed',
  'duplicate',
  'not-our-responsibility',
  'withdrawn',
];

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  received: [
    'open',
    'in-progress',
    'waiting-for-citizen',
    'resolved',
    'duplicate',
    'not-our-responsibility',
    'withdrawn',
  ],
  open: [
    'in-progress',
    'waiting-for-citizen',
    'resolved',
    'duplicate',
    'not-our-responsibility',
    'withdrawn',
  ],
  'in-progress': [
    'open',
    'waiting-for-citizen',
    'resolved',
    'duplicate',
    'not-our-responsibility',
    'withdrawn',
  ],
  'waiting-for-citizen': ['open', 'in-progress', 'resolved', 'withdrawn'],
  // A resolved case closes after a while unless the citizen reopens it.
  resolved: ['closed', 'open'],
  closed: [],
  duplicate: [],
  'not-our-responsibility': [],
  withdrawn: [],
};

/** Moves that must say why: every outcome, and a reopening. */
const NEEDS_REASON: readonly CaseStatus[] = ['resolved', 'duplicate', 'not-our-responsibility', 'withdrawn'];

export type TransitionCheck = { ok: true } | { ok: false; field: string; reason: string };

/** Whether a case may move from one status to another, and whether the move has what it needs. */
export function checkTransition(
  from: CaseStatus,
  to: CaseStatus,
  reason: string | null | undefined,
): TransitionCheck {
  if (from === to) return { ok: false, field: 'status', reason: `the case is already ${to}` };
  if (!NEXT[from].includes(to)) {
    return {
      ok: false,
      field: 'status',
      reason: TERMINAL_STATUSES.includes(from)
        ? `a ${from} case cannot change`
        : `cannot go from ${from} to ${to}`,
    };
  }
  const reopening = from === 'resolved' && to === 'open';
  if ((NEEDS_REASON.includes(to) || reopening) && !reason?.trim())
    return {
      ok: false,
      field: 'reason',
      reason: `required to ${reopening ? 'reopen' : `mark a case ${to}`}`,
    };
  return { ok: true };
}

export const allowedNext = (from: CaseStatus): readonly CaseStatus[] => NEXT[from];
