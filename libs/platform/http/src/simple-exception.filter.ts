import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@city/contracts';
import { toErrorResponse, type UnavailableCheck } from './error-response';

/** Renders an error differently for some paths (e.g. Open311's error list); null keeps the platform's JSON. */
export type ErrorRenderer = (
  url: string,
  body: ErrorResponse,
) => { contentType: string; payload: string } | null;

/**
 * Every error in the platform's one shape (status, reason, message, the fields at fault), including
 * Fastify's own body errors (malformed JSON, too large); Retry-After where the error carries one.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  constructor(
    private readonly render?: ErrorRenderer,
    private readonly unavailable?: UnavailableCheck,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { body, retryAfter } = toErrorResponse(exception, this.unavailable);
    if (!(exception instanceof HttpException) && body.statusCode === 500) this.logger.error(exception);
    else if (body.statusCode === 503 && !(exception instanceof HttpException))
      this.logger.warn({ msg: 'answered 503: a store is away for now', err: (exception as Error).message });
    if (retryAfter) reply.header('Retry-After', String(retryAfter));
    const custom = this.render?.(http.getRequest<FastifyRequest>().url ?? '', body);
    if (custom) reply.status(body.statusCode).header('Content-Type', custom.contentType).send(custom.payload);
    // Always JSON, even where the handler had set another type (an HTML page) before it threw.
    else
      reply
        .status(body.statusCode)
        .header('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify(body));
  }
}
