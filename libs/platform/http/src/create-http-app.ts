import type { DynamicModule } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaseConfig } from '@city/platform-config';
import { PinoNestLogger } from '@city/platform-logging';
import { Metrics, useMetrics, type ChannelOfRoute } from '@city/platform-metrics';
import { LogContextInterceptor } from './log-context.interceptor';
import type { UnavailableCheck } from './error-response';
import { ApiErrorFilter } from './simple-exception.filter';
import { fastifyOptions, useRequestHooks } from './request-hooks';
import { clientAddressOptions, useRateLimits } from './rate-limits';

/**
 * A service's NestJS app on Fastify, as every back-end service runs it (not yet listening): JSON
 * logs through the service's pino logger, the correlation id and one log line per request, every
 * error in the platform's one shape, the rate limits of its anonymous routes (client addresses
 * from X-Forwarded-For only behind TRUSTED_PROXIES), its metrics at /metrics, and shutdown hooks (consumers and relays stop cleanly).
 */
export async function createHttpApp(
  module: DynamicModule,
  config: BaseConfig,
  {
    channelOf,
    unavailable,
  }: {
    channelOf?: ChannelOfRoute;
    /** Errors that mean a store is away for now (for a service with a database: isTransientDatabaseError): 503, not 500. */
    unavailable?: UnavailableCheck;
  } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ ...fastifyOptions(), ...clientAddressOptions(config) });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  useRequestHooks(app);
  // Request rate and latency by route and channel, and GET /metrics, when the app has metrics.
  if (hasMetrics(app)) useMetrics(app, { token: config.METRICS_TOKEN, channelOf });
  await useRateLimits(app, config);
  app.useGlobalFilters(new ApiErrorFilter(undefined, unavailable));
  app.useGlobalInterceptors(new LogContextInterceptor());
  app.enableShutdownHooks();
  return app;
}

/**
 * Whether the app provides Metrics. Asked of the module reference: the app's own `get` runs in Nest's
 * exceptions zone, where an unknown provider ends the process instead of throwing.
 */
function hasMetrics(app: NestFastifyApplication): boolean {
  try {
    app.get(ModuleRef).get(Metrics, { strict: false });
    return true;
  } catch {
    return false;
  }
}
