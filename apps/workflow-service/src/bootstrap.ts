import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema } from '@city/platform-database';
import { PinoNestLogger } from '@city/platform-logging';
import { ApiErrorFilter, fastifyOptions, useRequestHooks } from '@city/platform-http';
import { AppModule, type WorkflowOverrides } from './app.module';
import type { WorkflowConfig } from './config';

/** Builds the workflow-service (not yet listening); migrations run at start. */
export async function createWorkflowService(config: WorkflowConfig, overrides: WorkflowOverrides = {}): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const adapter = new FastifyAdapter(fastifyOptions());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, overrides), adapter, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  useRequestHooks(app);
  app.useGlobalFilters(new ApiErrorFilter());
  app.enableShutdownHooks();
  return app;
}
