import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { APP_LOGGER, CORRELATION_HEADER, correlationIdOf, PinoNestLogger, requestLogLine } from '@city/platform-logging';
import { ApiErrorFilter } from '@city/platform-http';
import { AppModule } from './app.module';
import type { CaseConfig } from './config';

/** The service's schema must exist before TypeORM can keep its migrations table in it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/** Builds the case-service (not yet listening); migrations run at start. */
export async function createCaseService(config: CaseConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const adapter = new FastifyAdapter({
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => correlationIdOf(req),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  const logger = app.get<Logger>(APP_LOGGER);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header(CORRELATION_HEADER, req.id);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    requestLogLine(logger, { method: req.method, url: req.url, statusCode: reply.statusCode, correlationId: req.id, responseTimeMs: reply.elapsedTime });
    done();
  });
  app.useGlobalFilters(new ApiErrorFilter());
  app.enableShutdownHooks();
  return app;
}
