import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRICS } from '@city/platform-testing';
import { DASHBOARD_FILES, dashboardUses, recordedNames, ruleUses, type Use } from './ops-files';
import { exportableNames } from './exported-names';

/**
 * A rule or a panel reading a name no service exports never fires and never shows anything, and
 * nothing says so. Every name the alert rules and the dashboards read is one of the services'
 * (libs/platform/metrics/src/metric-names.ts, a histogram's series, Node's process metrics that
 * prom-client adds), Prometheus's own `up`, or one a recording rule makes. (That a running service
 * really serves each: prometheus-scrape.int-spec.ts.)
 */
describe('the metric names the rules and dashboards read', () => {
  let known: Set<string>;
  beforeAll(async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const defaults = (await registry.getMetricsAsJSON()).map((m) => ({ name: m.name, type: String(m.type) }));
    known = exportableNames(METRICS, defaults, recordedNames());
  });

  const unknownIn = (uses: Use[]) =>
    uses.flatMap((u) => u.names.filter((n) => !known.has(n)).map((n) => `${u.where}: ${n}`));

  it('the rules read only names the services export, up, or recorded names', () => {
    const uses = ruleUses();
    expect(uses.length).toBeGreaterThan(5);
    expect(unknownIn(uses)).toEqual([]);
  });

  it.each(DASHBOARD_FILES.map((f) => [f.slice(f.lastIndexOf('/') + 1), f]))(
    '%s reads only names the services export, up, or recorded names',
    (_, file) => {
      const uses = dashboardUses(file);
      expect(uses.length).toBeGreaterThan(5);
      expect(unknownIn(uses)).toEqual([]);
    },
  );

  it('each of the platform metrics a city watches is read by a rule or the dashboard', () => {
    const read = new Set([...ruleUses(), ...DASHBOARD_FILES.flatMap(dashboardUses)].flatMap((u) => u.names));
    const watched = Object.values(METRICS).filter((n) => !n.startsWith('city_ops_'));
    const unread = watched.filter(
      (n) => !read.has(n) && !['_bucket', '_count', '_sum'].some((s) => read.has(`${n}${s}`)),
    );
    expect(unread).toEqual([]);
  });

  it('a name that is none of these is caught (the check itself can fail)', () => {
    expect(unknownIn([{ where: 'a test', expr: 'city_kafka_lag > 0', names: ['city_kafka_lag'] }])).toEqual([
      'a test: city_kafka_lag',
    ]);
    expect(known.has('city_outbox_backlog_bucket')).toBe(false);
  });
});
