import { DomainError } from '@city/contracts';
import { toErrorResponse } from './error-response';

describe('a domain error at the HTTP edge', () => {
  it.each([
    [DomainError.invalid('case.transition-not-allowed', 'That change is not allowed.'), 400, 'Bad Request'],
    [DomainError.notFound('case.not-found', 'No case X.'), 404, 'Not Found'],
    [DomainError.conflict('case.stale-version', 'The case changed.'), 409, 'Conflict'],
    [DomainError.forbidden('counter.not-your-office', 'Not your office.'), 403, 'Forbidden'],
    [DomainError.unavailable('catalogue.not-loaded', 'Not yet.', 5), 503, 'Service Unavailable'],
    [DomainError.tooLarge('document.too-large', 'Too large.'), 413, 'Payload Too Large'],
    [DomainError.unsupportedType('document.type-not-allowed', 'Not taken.'), 415, 'Unsupported Media Type'],
    [DomainError.unprocessable('document.infected', 'Refused.'), 422, 'Unprocessable Entity'],
  ])('%s answers %i', (error, status, text) => {
    const { body } = toErrorResponse(error);
    expect(body).toMatchObject({ statusCode: status, error: text, message: error.message, code: error.code });
  });

  it('lists the fields at fault and carries Retry-After for unavailable', () => {
    const stale = DomainError.conflict('case.stale-version', 'The case changed.', [
      { field: 'expectedVersion', reason: 'the case is at version 4' },
    ]);
    expect(toErrorResponse(stale).body.errors).toEqual([
      { field: 'expectedVersion', reason: 'the case is at version 4' },
    ]);
    expect(toErrorResponse(DomainError.unavailable('x.away', 'Away.', 7)).retryAfter).toBe(7);
    expect(toErrorResponse(DomainError.notFound('x.none', 'None.')).body.errors).toBeUndefined();
  });
});
