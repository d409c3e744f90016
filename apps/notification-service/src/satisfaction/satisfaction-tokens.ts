import { DomainError } from '@city/contracts';

/**
 * The one refusal of a link that is not the city's, or is for a request the record does not have:
 * the same 404 in both cases, so a guess learns nothing.
 */
export const linkNotValid = () =>
  DomainError.notFound('satisfaction.link-not-valid', 'This link is not valid.', [
    { field: 'token', reason: 'not a link the city sent' },
  ]);
