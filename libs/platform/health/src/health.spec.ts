import { Injectable, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiErrorFilter } from '@city/platform-http';
import { HealthModule, type ReadinessCheck, type ReadinessChecks } from './health';

/** What the checks of the app under test answer; each test sets it. */
const state = {
  postgres: null as Error | 'hangs' | null,
  consumers: { 'case-service.intake': true, 'case-service.workflow-facts': true } as Record<string, boolean>,
};

@Injectable()
class FakePostgres implements ReadinessCheck {
  readonly name = 'postgres';
  async check() {
    if (state.postgres === 'hangs') return new Promise<void>(() => undefined);
    if (state.postgres) throw state.postgres;
  }
}

/** A port with components known at run time, as a service's Kafka consumers are. */
@Injectable()
class FakeConsumers implements ReadinessChecks {
  readinessChecks(): ReadinessCheck[] {
    return Object.entries(state.consumers).map(([group, running]) => ({
      name: `kafka-consumer:${group}`,
      check: async () => {
        if (!running)
          throw new Error(
            `consumer ${group} crashed: KafkaJSNonRetriableError: connect ECONNREFUSED 10.1.2.3:9092`,
          );
      },
    }));
  }
}

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log() {
    // info lines are not what these tests look for
  }
  warn(...args: unknown[]) {
    this.lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  }
  error(...args: unknown[]) {
    this.warn(...args);
  }
}

describe('/health/ready', () => {
  let app: NestFastifyApplication;
  const logger = new CapturingLogger();
  const ready = async () => {
    const r = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' });
    return { status: r.statusCode, text: r.body, body: JSON.parse(r.body) };
  };

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      HealthModule.forRoot({
        checks: [FakePostgres, FakeConsumers],
        providers: [FakePostgres, FakeConsumers],
      }),
      new FastifyAdapter(),
      { logger },
    );
    app.useGlobalFilters(new ApiErrorFilter()); // as every service runs
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app?.close());
  afterEach(() => {
    state.postgres = null;
    for (const g of Object.keys(state.consumers)) state.consumers[g] = true;
  });

  it('is ready when every component is, naming each', async () => {
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ok',
      checks: {
        accepting: 'up',
        postgres: 'up',
        'kafka-consumer:case-service.intake': 'up',
        'kafka-consumer:case-service.workflow-facts': 'up',
      },
    });
  });

  it('is not ready when one consumer has stopped, and names it', async () => {
    state.consumers['case-service.intake'] = false;
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: 'error',
      checks: {
        accepting: 'up',
        postgres: 'up',
        'kafka-consumer:case-service.intake': 'down',
        'kafka-consumer:case-service.workflow-facts': 'up',
      },
    });
  });

  it('tells the public which component is down, never why; the reason goes to the log', async () => {
    state.postgres = Object.assign(
      new Error('connect ECONNREFUSED 10.20.30.40:5432 (user omnichannel_admin)'),
      { stack: 'Error: connect ECONNREFUSED\n    at TCPConnectWrap.afterConnect (node:net:1555:16)' },
    );
    state.consumers['case-service.intake'] = false;
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: 'error',
      checks: {
        accepting: 'up',
        postgres: 'down',
        'kafka-consumer:case-service.intake': 'down',
        'kafka-consumer:case-service.workflow-facts': 'up',
      },
    });
    for (const secret of [
      'ECONNREFUSED',
      '10.20.30.40',
      '5432',
      'omnichannel_admin',
      'TCPConnectWrap',
      '10.1.2.3',
      'KafkaJS',
    ])
      expect(r.text).not.toContain(secret);
    expect(logger.lines).toContainEqual(expect.stringContaining('connect ECONNREFUSED 10.20.30.40:5432'));
    expect(logger.lines).toContainEqual(expect.stringContaining('consumer case-service.intake crashed'));
  });

  it('a check that does not answer in time is down', async () => {
    state.postgres = 'hangs';
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: 'error',
      checks: expect.objectContaining({ postgres: 'down', 'kafka-consumer:case-service.intake': 'up' }),
    });
  });
});
