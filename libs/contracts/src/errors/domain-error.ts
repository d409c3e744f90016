/** One field at fault and why, as every error answer lists them. */
export interface FieldError {
  field: string;
  reason: string;
}

/** Every error answer of every service has this shape. */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  /** A stable code for the rule that refused (a domain error's), for clients to act on. */
  code?: string;
  errors?: FieldError[];
}

/**
 * What kind of refusal a domain error is. The edges map it once: to an HTTP status
 * (`@city/platform-http`) and, in a consumer, to a dead letter or a retry (`@city/platform-kafka`).
 * - invalid: the command breaks a rule (400); a message that does, is dead-lettered at once
 * - not-found: what it names does not exist (404)
 * - conflict: the state moved on since the caller looked, or the thing exists already (409)
 * - forbidden: the caller may not do this to this thing (403)
 * - unavailable: something it needs is away for now (503); a consumer retries it with back-off
 * - too-large: what was sent is larger than the rule allows (413), e.g. a document over its size limit
 * - unsupported-type: what was sent is of a kind not taken (415), e.g. a document whose content is no PDF or image
 * - unprocessable: well formed, but refused for what it holds (422), e.g. a document the virus scanner flags
 */
export type DomainErrorKind =
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'unavailable'
  | 'too-large'
  | 'unsupported-type'
  | 'unprocessable';

/**
 * A use case's refusal: a kind, a stable code (`case.stale-version`), a message for people, and the
 * fields at fault. Use cases throw these and never an HTTP exception; they never leave half-applied
 * state behind (they throw before they write, or inside the transaction that then rolls back).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    /** For `unavailable`: when to try again, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  static invalid(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('invalid', code, message, fields);
  }

  static notFound(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('not-found', code, message, fields);
  }

  static conflict(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('conflict', code, message, fields);
  }

  static forbidden(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('forbidden', code, message, fields);
  }

  static tooLarge(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('too-large', code, message, fields);
  }

  static unsupportedType(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('unsupported-type', code, message, fields);
  }

  static unprocessable(code: string, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError('unprocessable', code, message, fields);
  }

  static unavailable(code: string, message: string, retryAfterSeconds?: number): DomainError {
    return new DomainError('unavailable', code, message, [], retryAfterSeconds);
  }
}

/** Whether an error is a domain error, also across copies of this module (a bundled app and its tests). */
export function isDomainError(e: unknown): e is DomainError {
  return (
    e instanceof DomainError || (e instanceof Error && e.name === 'DomainError' && 'kind' in e && 'code' in e)
  );
}
