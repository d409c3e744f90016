import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { PinoNestLogger } from '@city/platform-logging';
import { ApiErrorFilter, fastifyOptions, useRequestHooks } from '@city/platform-http';
import { AppModule, type WorkflowOverrides } from './app.module';
import type { WorkflowConfig } from './config';

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
