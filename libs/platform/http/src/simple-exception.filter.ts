import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ErrorResponse } from '@city/contracts';
import { ApiError } from './errors';

/** Every error in the platform's one shape: status, reason, message, and the fields at fault. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  catch(e: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (e instanceof ApiError) {
      if (e.retryAfterSeconds) reply.header('Retry-After', String(e.retryAfterSeconds));
      reply.status(e.getStatus()).send(e.getResponse());
      return;
    }
    if (e instanceof HttpException) {
      const r = e.getResponse();
      const body: ErrorResponse = typeof r === 'object' && r !== null && 'statusCode' in r ? (r as ErrorResponse) : { statusCode: e.getStatus(), error: e.name, message: e.message };
      reply.status(e.getStatus()).send(body);
      return;
    }
    this.logger.error(e);
    reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side; nothing was changed.' });
  }
}
