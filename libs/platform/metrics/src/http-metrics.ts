import { timingSafeEqual } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { METRICS } from './metric-names';
import { Metrics } from './metrics';

/** The channel a request came in on, from the route it matched; `none` for staff and service calls. */
export type ChannelOfRoute = (route: string) => string;

export interface MetricsEndpointOptions {
  /** The bearer token Prometheus must send; unset, `/metrics` is open (keep it inside the cluster's network). */
  token?: string;
  channelOf?: ChannelOfRoute;
}

export const METRICS_PATH = '/metrics';

/** Seconds: from a fast cached read to a slow take-next or upload. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Times every HTTP request by route and channel (not event streams, whose time is how long someone
 * watched), and serves the service's metrics at `GET /metrics`
 * (a plain Fastify route, outside Nest's guards, like the health probes and the OpenAPI document;
 * with `token` it answers 401 to a scrape without that bearer token). Does nothing when the
 * service's metrics are off.
 */
export function useMetrics(app: INestApplication, options: MetricsEndpointOptions = {}): void {
  const metrics = app.get(Metrics);
  if (!metrics.enabled) return;
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const channelOf = options.channelOf ?? (() => 'none');
  const duration = metrics.histogram(
    METRICS.httpRequestDuration,
    'HTTP requests by route (the matched pattern) and channel, in seconds',
    ['method', 'route', 'status_code', 'channel'],
    BUCKETS,
  );
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? '(unmatched)';
    // A server-sent event stream lasts as long as its reader stays: its time is no request's latency.
    const streamed = String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream');
    if (route !== METRICS_PATH && !streamed)
      duration.observe(
        { method: req.method, route, status_code: String(reply.statusCode), channel: channelOf(route) },
        reply.elapsedTime / 1000,
      );
    done();
  });
  fastify.get(METRICS_PATH, async (req, reply) => {
    if (options.token) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameSecret(given, options.token)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send({ statusCode: 401, error: 'Unauthorized', message: 'a scrape needs the metrics token' });
      }
    }
    return reply.header('content-type', metrics.contentType).send(await metrics.text());
  });
}
