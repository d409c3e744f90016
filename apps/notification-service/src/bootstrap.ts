import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema, isTransientDatabaseError } from '@city/platform-database';
import { routePolicies } from '@city/platform-auth';
import { createHttpApp, useOpenApi } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { useQueueBoard } from '@city/platform-queue';
import { AppModule } from './app.module';
import type { NotificationConfig } from './config';

/** Read by main before the service starts: the cities onboarded through the admin API (docs/multi-tenancy.md). */
export { withOnboardedCities } from '@city/platform-kafka';

/** Builds the notification-service (not yet listening), its OpenAPI document and Swagger UI at /docs; migrations run at start; the templates are checked first. */
export async function createNotificationService(config: NotificationConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const module = AppModule.register(config);
  const app = await createHttpApp(module, config, { unavailable: isTransientDatabaseError });
  useOpenApi(app, {
    title: 'Notification service: the messages the city sends',
    description:
      "Every message about a case or a citizen for agents and clerks, the citizen's portal inbox, the opt-out link in every email and the SMS provider's reply webhook. Messages are sent on the case events on Kafka. Administrators see the service's BullMQ jobs on the job queues board at /admin/queues (Bull Board; plain pages outside this document, with their own check of an administrator's token).",
    version: '1',
    access: routePolicies(module),
    issuer: config.AUTH_ISSUER,
  });
  // Bull Board at /admin/queues, for administrators (a plain Fastify route, like /docs: its own token check).
  await useQueueBoard(app, { title: 'Notification jobs' });
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
