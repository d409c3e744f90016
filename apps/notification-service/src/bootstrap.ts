import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema } from '@city/platform-database';
import { createHttpApp } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { AppModule } from './app.module';
import type { NotificationConfig } from './config';

/** Builds the notification-service (not yet listening); migrations run at start; the templates are checked first. */
export async function createNotificationService(config: NotificationConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const app = await createHttpApp(AppModule.register(config), config);
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
