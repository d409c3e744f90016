import { DomainError } from '@city/contracts';
import { normalizeReference } from '@city/domain-intake';
import type { CaseRecord } from './case.entity';

/** A reference as written by a person, normalised, or a refusal naming the field. */
export function referenceOf(raw: string, field = 'reference'): string {
  const reference = normalizeReference(raw);
  if (!reference)
    throw DomainError.invalid('case.invalid-reference', 'Not a reference.', [
      { field, reason: 'not a valid reference' },
    ]);
  return reference;
}

export const caseNotFound = (reference: string, field?: string) =>
  DomainError.notFound(
    'case.not-found',
    `No case ${reference}.`,
    field ? [{ field, reason: 'no such case' }] : [],
  );

/** The case moved on since the caller loaded it: they reload, and nothing they sent is lost silently. */
export function checkVersion(c: CaseRecord, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || c.version === expectedVersion) return;
  throw DomainError.conflict(
    'case.stale-version',
    `The case changed since you loaded it (now version ${c.version}); reload it and try again.`,
    [{ field: 'expectedVersion', reason: `the case is at version ${c.version}` }],
  );
}
