import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { APP_LOGGER, CORRELATION_HEADER, correlationIdOf, requestLogLine } from '@city/platform-logging';

/** Fastify options of every service: the request id is the caller's correlation id, or a new one. */
export const fastifyOptions = () => ({
  requestIdHeader: false as const,
  genReqId: (req: IncomingMessage) => correlationIdOf(req),
});

/** Echoes the correlation id on every answer and writes one log line per request, with the route it matched (never its URL). */
export function useRequestHooks(app: INestApplication): void {
  const logger = app.get<Logger>(APP_LOGGER);
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header(CORRELATION_HEADER, req.id);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    requestLogLine(logger, {
      method: req.method,
      route: req.routeOptions.url ?? null,
      statusCode: reply.statusCode,
      correlationId: req.id,
      responseTimeMs: reply.elapsedTime,
    });
    done();
  });
}
