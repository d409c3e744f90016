import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyMultipart from '@fastify/multipart';
import { ensureSchema, isTransientDatabaseError } from '@city/platform-database';
import { routePolicies } from '@city/platform-auth';
import { createHttpApp, useOpenApi } from '@city/platform-http';
import { serveKafkaConsumers } from '@city/platform-kafka';
import { AppModule } from './app.module';
import type { CaseConfig } from './config';
import { replyFormOptions } from './documents/reply-form';

/** Read by main before the service starts: the cities onboarded through the admin API (docs/multi-tenancy.md). */
export { withOnboardedCities } from '@city/platform-kafka';

/** Builds the case-service (not yet listening), its OpenAPI document and Swagger UI at /docs; migrations run at start. */
export async function createCaseService(config: CaseConfig): Promise<NestFastifyApplication> {
  await ensureSchema(config.DATABASE_URL, config.DB_SCHEMA);
  const module = AppModule.register(config);
  const app = await createHttpApp(module, config, { unavailable: isTransientDatabaseError });
  // Multipart forms (a citizen's reply with documents), on this service only, within their limits.
  await app.register(fastifyMultipart, replyFormOptions(config));
  useOpenApi(app, {
    title: 'Case service: the case record of every channel',
    description:
      'Cases and their cross-channel timelines for agents and clerks, citizens (the 360 view, merges, preferences), citizens following their own requests, the data behind Open311 and the IVR, and the audit log of reads of personal data. Cases are opened from the intake events on Kafka, not over HTTP.',
    version: '1',
    access: routePolicies(module),
    issuer: config.AUTH_ISSUER,
  });
  // The consumers (@KafkaEvent handlers) on the platform's Kafka transport, started with the app.
  serveKafkaConsumers(app);
  return app;
}
