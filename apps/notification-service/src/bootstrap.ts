import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema } from '@city/platform-database';
import { routePolicies } from '@city/platform-auth';
import { createHttpApp, useOpenApi } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { AppModule } from './app.module';
import type { NotificationConfig } from './config';

/** Builds the notification-service (not yet listening), its OpenAPI document and Swagger UI at /docs; migrations run at start; the templates are checked first. */
export async function createNotificationService(config: NotificationConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const module = AppModule.register(config);
  const app = await createHttpApp(module, config);
  useOpenApi(app, {
    title: 'Notification service: the messages the city sends',
    description:
      "Every message about a case or a citizen for agents and clerks, the citizen's portal inbox, the opt-out link in every email and the SMS provider's reply webhook. Messages are sent on the case events on Kafka.",
    version: '1',
    access: routePolicies(module),
    issuer: config.AUTH_ISSUER,
  });
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
