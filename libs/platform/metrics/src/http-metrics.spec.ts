import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { METRICS } from './metric-names';
import { Metrics } from './metrics';
import { MetricsModule } from './metrics.module';
import { useMetrics } from './http-metrics';

@Controller('api/v1/things')
class ThingsController {
  @Get(':id')
  one() {
    return { ok: true };
  }
}

async function appWith(enabled: boolean, token?: string): Promise<NestFastifyApplication> {
  @Module({
    imports: [MetricsModule.forRoot('things-service', { enabled })],
    controllers: [ThingsController],
  })
  class ThingsModule {}
  const app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
    logger: false,
  });
  useMetrics(app, { token, channelOf: (route) => (route.startsWith('/api/v1/things') ? 'web' : 'none') });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The value of one series in Prometheus's text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const wanted = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (wanted) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('useMetrics', () => {
  let app: NestFastifyApplication;
  afterEach(() => app?.close());

  it('counts requests by route pattern and channel, never by URL, and leaves its own scrapes out', async () => {
    app = await appWith(true);
    await app.inject({ method: 'GET', url: '/api/v1/things/17' });
    await app.inject({ method: 'GET', url: '/api/v1/things/18' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.inject({ method: 'GET', url: '/metrics' });
    const scrape = await app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    const count = `${METRICS.httpRequestDuration}_count`;
    expect(
      sample(scrape.body, count, {
        method: 'GET',
        route: '/api/v1/things/:id',
        status_code: '200',
        channel: 'web',
        service: 'things-service',
      }),
    ).toBe(2);
    expect(sample(scrape.body, count, { route: '(unmatched)', status_code: '404', channel: 'none' })).toBe(1);
    expect(scrape.body).not.toContain('/api/v1/things/17');
    expect(scrape.body).not.toContain('route="/metrics"');
    // Node's own figures, with the service label.
    expect(
      sample(scrape.body, 'process_cpu_user_seconds_total', { service: 'things-service' }),
    ).toBeDefined();
  });

  it('answers 401 to a scrape without the metrics token, and serves one with it', async () => {
    app = await appWith(true, 'scrape-token-0123456789');
    const none = await app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ statusCode: 401, message: expect.stringContaining('token') });
    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-token-0123456780' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-token-0123456789' },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain(METRICS.httpRequestDuration);
  });

  it('serves and counts nothing when the metrics are off', async () => {
    app = await appWith(false);
    await app.inject({ method: 'GET', url: '/api/v1/things/1' });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect(await app.get(Metrics).text()).not.toContain(METRICS.httpRequestDuration);
  });
});

describe('Metrics', () => {
  it('gives every caller of a name the same series, so two modules count one thing once', () => {
    const metrics = new Metrics('a-service');
    const a = metrics.counter(METRICS.slaBreaches, 'breaches', ['queue', 'target']);
    const b = metrics.counter(METRICS.slaBreaches, 'breaches', ['queue', 'target']);
    expect(a).toBe(b);
  });

  it('keeps each service in a registry of its own, so two services can run in one process', async () => {
    const one = new Metrics('one');
    const two = new Metrics('two');
    one.counter(METRICS.outboxPublished, 'published', []).inc(3);
    two.counter(METRICS.outboxPublished, 'published', []).inc(1);
    expect(await one.text()).toContain(`${METRICS.outboxPublished}{service="one"} 3`);
    expect(await two.text()).toContain(`${METRICS.outboxPublished}{service="two"} 1`);
  });
});
