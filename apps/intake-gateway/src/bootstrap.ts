import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  ApiErrorFilter,
  clientAddressOptions,
  fastifyOptions,
  useRateLimits,
  useRequestHooks,
} from '@city/platform-http';
import { PinoNestLogger } from '@city/platform-logging';
import { ShutdownState } from '@city/platform-health';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config';
import { open311ErrorRenderer } from './open311/open311.format';

/** Builds the gateway (not yet listening): Fastify, JSON logs, one error shape, OpenAPI at /docs. */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    ...clientAddressOptions(config),
    ...fastifyOptions(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  useRequestHooks(app);
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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Intake gateway: one edge, four channels')
      .setDescription(
        'Web (portal), kiosk, phone (agent-assisted, telephony webhook, IVR) and counter channels, and Open311 GeoReport v2. ' +
          'Every accepted request is on Kafka (acks=all) before the 202 is sent.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // The description only (no bundled UI, which would need static-file serving): any OpenAPI viewer reads it.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/docs/openapi.json', (_req, reply) => {
      reply.header('Content-Type', 'application/json; charset=utf-8').send(document);
    });
  return app;
}
