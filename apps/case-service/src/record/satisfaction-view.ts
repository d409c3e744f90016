import type { SatisfactionQuestion, SatisfactionScore } from '@city/contracts';
import {
  firstResolutionOf,
  satisfactionQuestionOf,
  type SatisfactionQuestionState,
} from '@city/domain-cases';
import type { CaseRecord } from './case.entity';
import type { CaseSatisfaction } from './case-satisfaction.entity';
import type { TimelineEntry } from './timeline-entry.entity';

/**
 * The satisfaction question of a case as of `now`, from its status changes on its timeline (entries of
 * other kinds are left aside): put after its first resolution, open for the answer window.
 */
export function satisfactionStateOf(
  c: Pick<CaseRecord, 'status'>,
  entries: ReadonlyArray<Pick<TimelineEntry, 'kind' | 'at' | 'details'>>,
  now: Date,
): SatisfactionQuestionState {
  const changes = entries
    .filter((t) => t.kind === 'status-changed')
    .map((t) => ({ at: t.at, to: t.details?.['to'] }));
  return satisfactionQuestionOf(c.status, firstResolutionOf(changes), now);
}

/** What the citizen (and the signed link's page) sees of a question put to them. */
export function askedQuestionView(
  state: Extract<SatisfactionQuestionState, { asked: true }>,
  answer: CaseSatisfaction | null | undefined,
): SatisfactionQuestion {
  return {
    open: state.open,
    openUntil: state.openUntil.toISOString(),
    answer: answer
      ? {
          score: answer.score as SatisfactionScore,
          via: answer.via,
          at: answer.answeredAt.toISOString(),
        }
      : null,
  };
}

/** The same, or null when the question is not put to them. */
export const satisfactionView = (
  state: SatisfactionQuestionState,
  answer: CaseSatisfaction | null | undefined,
): SatisfactionQuestion | null => (state.asked ? askedQuestionView(state, answer) : null);
