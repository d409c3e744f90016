import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema, isTransientDatabaseError } from '@city/platform-database';
import { routePolicies } from '@city/platform-auth';
import { createHttpApp, useOpenApi } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { useQueueBoard } from '@city/platform-queue';
import { AppModule, type WorkflowOverrides } from './app.module';
import type { WorkflowConfig } from './config';

/** Read by main before the service starts: the cities onboarded through the admin API (docs/multi-tenancy.md). */
export { withOnboardedCities } from '@city/platform-kafka';

/** Builds the workflow-service (not yet listening), its OpenAPI document and Swagger UI at /docs; migrations run at start. */
export async function createWorkflowService(
  config: WorkflowConfig,
  overrides: WorkflowOverrides = {},
): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const module = AppModule.register(config, overrides);
  const app = await createHttpApp(module, config, { unavailable: isTransientDatabaseError });
  useOpenApi(app, {
    title: 'Workflow service: queues, routing, counters and the catalogue',
    description:
      "Work queues for agents and clerks (take next, give back, reassign), agents' work profiles and load, town-hall counter tickets and the office board, and the catalogue of services with its version history. Work items arrive from the case events on Kafka. Administrators see the service's BullMQ jobs on the job queues board at /admin/queues (Bull Board; plain pages outside this document, with their own check of an administrator's token).",
    version: '1',
    access: routePolicies(module),
    issuer: config.AUTH_ISSUER,
  });
  // Bull Board at /admin/queues, for administrators (a plain Fastify route, like /docs: its own token check).
  await useQueueBoard(app, { title: 'Workflow jobs' });
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
