import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  cleanupKafka,
  freePort,
  MailSink,
  prepareKafka,
  removeTestState,
  SmsStandIn,
  startApp,
  uniquePrefix,
  type RunningApp,
} from '@city/platform-testing';
import { namesServed } from './exported-names';
import {
  DASHBOARD_FILES,
  dashboardUses,
  PROMETHEUS_CONFIG,
  recordedNames,
  ROOT,
  ruleUses,
  RULES_DIR,
} from './ops-files';
import { localPrometheusConfig } from './prometheus-config';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = `metrics-${randomUUID()}`;

interface Target {
  labels: { job: string };
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

/**
 * The services as a city runs them, each serving its metrics behind the metrics token, scraped by the
 * real Prometheus (Debian's, started here on a port of its own) with the shipped configuration: its
 * jobs pointed at the services this test started, its token file, its rules.
 */
describe('Prometheus scrapes the running services', () => {
  const prefix = uniquePrefix('prom');
  const id = randomUUID().slice(0, 8);
  const schemas = {
    case: `prom_case_${id}`,
    workflow: `prom_wf_${id}`,
    notification: `prom_nt_${id}`,
    ops: `prom_ops_${id}`,
  };
  const mail = new MailSink();
  const sms = new SmsStandIn();
  const apps: Record<string, RunningApp> = {};
  let prometheus: ChildProcess | undefined;
  let prometheusUrl = '';
  let dir = '';

  const queuePrefixes = [`prom-${schemas.workflow}`, `prom-${schemas.notification}`];
  const common = { KAFKA_TOPIC_PREFIX: prefix, METRICS_TOKEN: TOKEN, DATABASE_URL: DB };

  beforeAll(async () => {
    if (!/test/.test(new URL(DB).pathname)) throw new Error('the test database name must say test');
    await prepareKafka(prefix, BROKERS);
    await Promise.all([mail.start(), sms.start()]);
    apps['case-service'] = await startApp('case-service', 0, { ...common, DB_SCHEMA: schemas.case });
    const started = await Promise.all([
      startApp('intake-gateway', 0, { ...common, CASE_SERVICE_URL: apps['case-service'].url }),
      startApp('workflow-service', 0, {
        ...common,
        DB_SCHEMA: schemas.workflow,
        QUEUE_PREFIX: queuePrefixes[0],
      }),
      startApp('notification-service', 0, {
        ...common,
        DB_SCHEMA: schemas.notification,
        QUEUE_PREFIX: queuePrefixes[1],
        CASE_SERVICE_URL: apps['case-service'].url,
        SMTP_URL: mail.url,
        SMS_PROVIDER_URL: sms.url,
      }),
      // The ops-monitor, once it is built.
      ...(existsSync(join(ROOT, 'apps/ops-monitor/src/main.ts'))
        ? [startApp('ops-monitor', 0, { ...common, DB_SCHEMA: schemas.ops })]
        : []),
    ]);
    for (const app of started) apps[app.name] = app;

    // Prometheus with the shipped configuration, pointed at these services, and one job more: the
    // case-service scraped without the token, which must be refused.
    dir = mkdtempSync(join(tmpdir(), 'city-prometheus-'));
    const tokenFile = join(dir, 'metrics-token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const config = YAML.parse(
      localPrometheusConfig(readFileSync(PROMETHEUS_CONFIG, 'utf8'), {
        targets: (job) => (apps[job] ? [new URL(apps[job].url).host] : null),
        tokenFile,
        rules: join(RULES_DIR, '*.rules.yml'),
        scrapeInterval: '1s',
        evaluationInterval: '1s',
      }),
    );
    config.scrape_configs.push({
      job_name: 'without-token',
      static_configs: [{ targets: [new URL(apps['case-service'].url).host] }],
    });
    writeFileSync(join(dir, 'prometheus.yml'), YAML.stringify(config));
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      process.env.PROMETHEUS ?? 'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const log: string[] = [];
    prometheus.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
    await until(
      'Prometheus ready',
      async () => (await fetch(`${prometheusUrl}/-/ready`).catch(() => null))?.ok,
      {
        failure: () => log.join('').split('\n').slice(-20).join('\n'),
      },
    );
  }, 240_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus?.once('exit', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    await Promise.all(Object.values(apps).map((a) => a.stop()));
    await Promise.all([mail.stop(), sms.stop()]);
    await cleanupKafka(prefix, BROKERS);
    await removeTestState({ databaseUrl: DB, schemas: Object.values(schemas) });
    for (const queuePrefix of queuePrefixes)
      await removeTestState({ databaseUrl: DB, schemas: [], redisUrl: REDIS_URL, queuePrefix });
  }, 60_000);

  const scrape = (app: RunningApp, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${app.url}/metrics`, { headers });

  it('each service serves its metrics only with the token, every series carrying its name', async () => {
    for (const app of Object.values(apps)) {
      expect([app.name, (await scrape(app, {})).status]).toEqual([app.name, 401]);
      expect([
        app.name,
        (await scrape(app, { authorization: 'Bearer not-the-token-at-all' })).status,
      ]).toEqual([app.name, 401]);
      const r = await scrape(app);
      expect([app.name, r.status, r.headers.get('content-type')]).toEqual([
        app.name,
        200,
        expect.stringContaining('text/plain'),
      ]);
      const samples = (await r.text()).split('\n').filter((l) => l && !l.startsWith('#'));
      expect(samples.length).toBeGreaterThan(10);
      expect([app.name, samples.filter((s) => !s.includes(`service="${app.name}"`))]).toEqual([app.name, []]);
    }
  });

  it('every metric the rules and the dashboards read is served by a running service', async () => {
    const served = new Set<string>();
    for (const app of Object.values(apps))
      namesServed(await (await scrape(app)).text()).forEach((n) => served.add(n));
    const ownOrPrometheus = new Set([...recordedNames(), 'up']);
    const read = [...ruleUses(), ...DASHBOARD_FILES.flatMap(dashboardUses)].flatMap((u) =>
      u.names.filter((n) => !ownOrPrometheus.has(n)).map((n) => ({ where: u.where, name: n })),
    );
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((r) => !served.has(r.name)).map((r) => `${r.where}: ${r.name}`)).toEqual([]);
  });

  it('Prometheus finds every service up with the token, and the scrape without it refused', async () => {
    const targets = await until('every target scraped', async () => {
      const r = await fetch(`${prometheusUrl}/api/v1/targets`);
      const active = ((await r.json()) as { data: { activeTargets: Target[] } }).data.activeTargets;
      return active.length > 0 && active.every((t) => t.health !== 'unknown') ? active : undefined;
    });
    const health = Object.fromEntries(targets.map((t) => [t.labels.job, t.health]));
    expect(health).toEqual({
      ...Object.fromEntries(Object.keys(apps).map((name) => [name, 'up'])),
      'without-token': 'down',
    });
    expect(targets.find((t) => t.labels.job === 'without-token')?.lastError).toMatch(/401/);
  });

  it('a query answers with what the services counted, and the rules evaluate on it', async () => {
    const gateway = apps['intake-gateway'];
    for (let i = 0; i < 3; i++) expect((await fetch(`${gateway.url}/api/v1/services`)).status).toBe(200);
    const query = async (q: string) => {
      const r = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await r.json()) as {
        status: string;
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      expect(body.status).toBe('success');
      return body.data.result;
    };
    // The three requests, counted by route and channel, read back from Prometheus.
    const counted = await until('the requests counted in Prometheus', async () => {
      const result = await query(
        'sum by (service, route, channel) (http_server_request_duration_seconds_count{job="intake-gateway", route="/api/v1/services"})',
      );
      return result.length === 1 && Number(result[0].value[1]) >= 3 ? result[0] : undefined;
    });
    expect(counted.metric).toEqual({ service: 'intake-gateway', route: '/api/v1/services', channel: 'web' });
    // Every service up, by the metric Prometheus keeps.
    const up = await query('up{job!="without-token"}');
    expect(Object.fromEntries(up.map((s) => [s.metric.job, s.value[1]]))).toEqual(
      Object.fromEntries(Object.keys(apps).map((name) => [name, '1'])),
    );
    // A recording rule's result on the live series, and every rule evaluated without an error.
    await until('the request rate recorded', async () =>
      (await query('service:http_server_requests:rate5m{service="intake-gateway"}')).length === 1
        ? true
        : undefined,
    );
    const rules = await until('every rule evaluated', async () => {
      const r = await fetch(`${prometheusUrl}/api/v1/rules`);
      const groups = (
        (await r.json()) as {
          data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
        }
      ).data.groups;
      const all = groups.flatMap((g) => g.rules);
      return all.length > 0 && all.every((x) => x.health !== 'unknown') ? all : undefined;
    });
    expect(rules.filter((x) => x.health !== 'ok').map((x) => `${x.name}: ${x.lastError}`)).toEqual([]);
    expect(rules.length).toBe(ruleUses().length);
  });
});

/** Polls `check` until it gives a value, or fails naming `what` after the timeout. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  o: { timeoutMs?: number; failure?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${o.timeoutMs ?? 30_000} ms${o.failure ? `\n${o.failure()}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
