import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { routePolicies } from '@city/platform-auth';
import { ensureSchema, isTransientDatabaseError } from '@city/platform-database';
import { createHttpApp, useOpenApi } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { AppModule } from './app.module';
import type { OpsConfig } from './config';

/** Read by main before the service starts: the cities onboarded through the admin API (docs/multi-tenancy.md). */
export { withOnboardedCities } from '@city/platform-kafka';

/** Builds the ops-monitor (not yet listening), its OpenAPI document and Swagger UI at /docs; migrations run at start. */
export async function createOpsMonitor(config: OpsConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const module = AppModule.register(config);
  const app = await createHttpApp(module, config, { unavailable: isTransientDatabaseError });
  useOpenApi(app, {
    title: 'Ops monitor: live queues and the standard-of-service report',
    description:
      'Read models folded from the case and workflow streams: the live board of open work per queue, service, channel and district (on request and as server-sent events), and the standard-of-service report per service and channel with the channels that do worse. Rebuilt from the streams when its tables are missing.',
    version: '1',
    access: routePolicies(module),
    issuer: config.AUTH_ISSUER,
  });
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
