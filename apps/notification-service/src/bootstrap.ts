import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema } from '@city/platform-database';
import { createHttpApp } from '@city/platform-http';
import { AppModule } from './app.module';
import type { NotificationConfig } from './config';

/** Builds the notification-service (not yet listening); migrations run at start; the templates are checked first. */
export async function createNotificationService(config: NotificationConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  return createHttpApp(AppModule.register(config), config);
}
