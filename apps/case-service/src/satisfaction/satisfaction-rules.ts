import { DomainError } from '@city/contracts';
import type { SatisfactionQuestionState } from '@city/domain-cases';

const dayOf = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A request the city does not ask about (not resolved yet, withdrawn, passed on, joined to another): 409, the reason in a sentence. */
export const notAsked = (reference: string, why: string) =>
  DomainError.conflict(
    'satisfaction.not-asked',
    `We do not ask how satisfied you are with ${reference}: ${why}.`,
    [{ field: 'reference', reason: why }],
  );

/**
 * The question as it may be answered now, or the refusal in a sentence for the citizen (409): a
 * request not asked about, or the answer window is over.
 */
export function openQuestion(
  reference: string,
  q: SatisfactionQuestionState,
): Extract<SatisfactionQuestionState, { asked: true }> {
  if (!q.asked) throw notAsked(reference, q.why);
  if (!q.open)
    throw DomainError.conflict(
      'satisfaction.closed',
      `The question about ${reference} closed on ${dayOf(q.openUntil)}; answers are no longer taken.`,
      [{ field: 'score', reason: `answers were taken until ${dayOf(q.openUntil)}` }],
    );
  return q;
}
