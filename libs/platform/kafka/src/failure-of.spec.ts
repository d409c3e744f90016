import { DomainError } from '@city/contracts';
import { failureOf, PoisonMessageError } from './managed-consumer';

describe('what a consumer does with a failed message', () => {
  const transientDb = (e: unknown) => (e as Error).message === 'connection terminated';

  it('dead-letters a poison message and a domain refusal at once', () => {
    expect(failureOf(new PoisonMessageError('not an envelope'))).toBe('poison');
    expect(failureOf(DomainError.invalid('case.transition-not-allowed', 'no'))).toBe('poison');
    expect(failureOf(DomainError.notFound('case.not-found', 'no'))).toBe('poison');
    expect(failureOf(DomainError.conflict('case.stale-version', 'no'))).toBe('poison');
  });

  it('retries without limit what is only away for now', () => {
    expect(failureOf(DomainError.unavailable('case-service.away', 'later'))).toBe('transient');
    expect(failureOf(new Error('connection terminated'), transientDb)).toBe('transient');
  });

  it('gives any other error its bounded attempts', () => {
    expect(failureOf(new Error('boom'), transientDb)).toBe('retry');
    expect(failureOf(new Error('boom'))).toBe('retry');
  });
});
