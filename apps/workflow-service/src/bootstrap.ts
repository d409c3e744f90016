import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema } from '@city/platform-database';
import { createHttpApp } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { AppModule, type WorkflowOverrides } from './app.module';
import type { WorkflowConfig } from './config';

/** Builds the workflow-service (not yet listening); migrations run at start. */
export async function createWorkflowService(
  config: WorkflowConfig,
  overrides: WorkflowOverrides = {},
): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const app = await createHttpApp(AppModule.register(config, overrides), config);
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
