import { HttpException } from '@nestjs/common';
import { isDomainError, type DomainErrorKind, type ErrorResponse } from '@city/contracts';
import { ApiError } from './errors';

/** The one place a domain error's kind becomes an HTTP status. */
export const HTTP_STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  unavailable: 503,
  'too-large': 413,
  'unsupported-type': 415,
  unprocessable: 422,
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface FastifyErrorLike {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Says whether an error means a store the service needs is away for now (its database down or restarting). */
export type UnavailableCheck = (e: unknown) => boolean;

/**
 * Fastify's own errors (body parsing, size) in the same shape as every other error; an error that
 * `unavailable` recognises is a 503 with Retry-After, not a 500: the client may try again shortly.
 */
export function toErrorResponse(
  e: unknown,
  unavailable?: UnavailableCheck,
): { body: ErrorResponse; retryAfter?: number } {
  if (e instanceof ApiError)
    return { body: e.getResponse() as ErrorResponse, retryAfter: e.retryAfterSeconds };
  if (isDomainError(e)) {
    const statusCode = HTTP_STATUS_OF[e.kind];
    return {
      body: {
        statusCode,
        error: STATUS_TEXT[statusCode] ?? 'Error',
        message: e.message,
        code: e.code,
        ...(e.fields.length > 0 ? { errors: e.fields } : {}),
      },
      retryAfter: e.retryAfterSeconds,
    };
  }
  if (e instanceof HttpException) {
    // Nest's own errors, e.g. from Fastify's body parsing: malformed JSON (400), too large (413).
    const status = e.getStatus();
    const r = e.getResponse();
    const raw = typeof r === 'string' ? r : ((r as { message?: string | string[] }).message ?? e.message);
    const message = Array.isArray(raw) ? raw.join('; ') : raw;
    const bodyReason: Record<number, string> = {
      400: `malformed body: ${message}`,
      413: 'larger than allowed',
      415: 'unsupported content type',
    };
    return {
      body: {
        statusCode: status,
        error: STATUS_TEXT[status] ?? 'Error',
        message,
        ...(bodyReason[status] && status !== 404
          ? { errors: [{ field: '(body)', reason: bodyReason[status] }] }
          : {}),
      },
    };
  }
  const f = e as FastifyErrorLike;
  switch (f.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        body: {
          statusCode: 413,
          error: 'Payload Too Large',
          message: 'The request body is larger than allowed.',
          errors: [{ field: '(body)', reason: 'too large' }],
        },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        body: {
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: 'Send application/json (or form data to Open311).',
        },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'The JSON body is empty.',
          errors: [{ field: '(body)', reason: 'empty' }],
        },
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        body: { statusCode: 400, error: 'Bad Request', message: 'Content-Length does not match the body.' },
      };
  }
  if (f.statusCode === 400 && e instanceof SyntaxError) {
    return {
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'The body is not valid JSON.',
        errors: [{ field: '(body)', reason: `malformed JSON: ${f.message}` }],
      },
    };
  }
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    return { body: { statusCode: f.statusCode, error: 'Bad Request', message: f.message ?? 'Bad request' } };
  }
  if (unavailable?.(e))
    return {
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'Our records are out of reach or busy for a moment. Try again shortly: a request sent again is taken once.',
      },
      retryAfter: 2,
    };
  return {
    body: {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side; nothing was accepted or changed.',
    },
  };
}
