import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureSchema } from '@city/platform-database';
import { PinoNestLogger } from '@city/platform-logging';
import { ApiErrorFilter, fastifyOptions, useRequestHooks } from '@city/platform-http';
import { AppModule } from './app.module';
import type { NotificationConfig } from './config';

/** Builds the notification-service (not yet listening); migrations run at start. */
export async function createNotificationService(config: NotificationConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const adapter = new FastifyAdapter(fastifyOptions());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  useRequestHooks(app);
  app.useGlobalFilters(new ApiErrorFilter());
  app.enableShutdownHooks();
  return app;
}
