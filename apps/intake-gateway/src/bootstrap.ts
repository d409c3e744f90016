import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiErrorFilter,
  clientAddressOptions,
  fastifyOptions,
  useOpenApi,
  useRateLimits,
  useRequestHooks,
} from '@city/platform-http';
import { routePolicies } from '@city/platform-auth';
import { PinoNestLogger } from '@city/platform-logging';
import { useMetrics } from '@city/platform-metrics';
import { ShutdownState } from '@city/platform-health';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config';
import { channelOfRoute } from './http/channel-of-route';
import { open311ErrorRenderer } from './open311/open311.format';

/** Read by main before the service starts: the cities onboarded through the admin API (docs/multi-tenancy.md). */
export { withOnboardedCities } from '@city/platform-kafka';

/** Builds the gateway (not yet listening): Fastify, JSON logs, one error shape, OpenAPI and Swagger UI at /docs. */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const module = AppModule.register(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    ...clientAddressOptions(config),
    ...fastifyOptions(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  useRequestHooks(app);
  // Request rate and latency by route and channel, and GET /metrics.
  useMetrics(app, { token: config.METRICS_TOKEN, channelOf: channelOfRoute });
  await useRateLimits(app, config);
  const fastify = app.getHttpAdapter().getInstance();
  // Draining: once shutdown has begun, every answer closes its connection, so keep-alive clients
  // do not hold the server open; what is still open after the grace period is closed.
  const shutdown = app.get(ShutdownState);
  fastify.addHook('onSend', (_req, reply, _payload, done) => {
    if (shutdown.draining) reply.header('Connection', 'close');
    done();
  });
  fastify.addHook('preClose', (done) => {
    setTimeout(() => app.getHttpServer().closeAllConnections(), config.SHUTDOWN_GRACE_MS).unref();
    done();
  });
  app.useGlobalFilters(new ApiErrorFilter(open311ErrorRenderer));
  app.enableShutdownHooks();

  useOpenApi(app, {
    title: 'Intake gateway: one edge, four channels',
    description:
      'Web (portal), kiosk, phone (agent-assisted, telephony webhook, IVR) and counter channels, and Open311 GeoReport v2. ' +
      'Every accepted request is on Kafka (acks=all) before the 202 is sent.',
    version: '1',
    access: routePolicies(module),
    issuer: config.AUTH_ISSUER,
    ownErrorShape: (path) => path.startsWith('/open311/'),
  });
  return app;
}
