import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorResponse, FieldError } from '@city/contracts';
import { z } from 'zod';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** An HTTP error in the gateway's one shape: status, reason, message and the fields at fault. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly retryAfterSeconds?: number,
  ) {
    const body: ErrorResponse = {
      statusCode: status,
      error: REASONS[status] ?? 'Error',
      message,
      ...(errors ? { errors } : {}),
    };
    super(body, status);
  }
}

export const invalid = (errors: FieldError[]) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'The request is not valid; see errors.', errors);

/** Zod issues as field errors, with paths such as `location.lat` or `items[3].attributes.depth`. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => {
    const path = i.path.reduce<string>(
      (p, seg) => (typeof seg === 'number' ? `${p}[${seg}]` : p ? `${p}.${String(seg)}` : String(seg)),
      prefix,
    );
    if (i.code === 'unrecognized_keys') {
      return {
        field: path || '(body)',
        reason: `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}`,
      };
    }
    return { field: path || '(body)', reason: i.message };
  });
}

/** Parses a body with a schema or throws 400 with every field at fault. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw invalid([{ field: '(body)', reason: 'a JSON object is required' }]);
  }
  const r = schema.safeParse(body);
  if (!r.success) throw invalid(fieldErrors(r.error));
  return r.data;
}
