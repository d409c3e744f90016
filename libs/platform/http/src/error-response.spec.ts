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

  it('a store away for now (the check the service gives) is a 503 with Retry-After; any other unexpected error a 500', () => {
    const away = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const unavailable = (e: unknown) => (e as { code?: string }).code === 'ECONNRESET';
    expect(toErrorResponse(away, unavailable)).toEqual({
      body: expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }),
      retryAfter: 2,
    });
    expect(toErrorResponse(away).body.statusCode).toBe(500);
    expect(toErrorResponse(new TypeError('x is undefined'), unavailable).body.statusCode).toBe(500);
  });
});
