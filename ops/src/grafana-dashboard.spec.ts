import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { allPanels, dashboard, DASHBOARD_FILES, dashboardUses } from './ops-files';
import { withGrafanaVariablesFilledIn } from './promql';
import { promtool } from './promtool';

const PROMETHEUS = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

/**
 * The Grafana dashboards a city imports: files Grafana can read, every panel on the Prometheus the
 * city picks (the DS_PROMETHEUS variable), and every query one Prometheus accepts. (That each metric
 * name is one the services export: metric-names.spec.ts.)
 */
describe.each(DASHBOARD_FILES.map((f) => [basename(f), f]))('the Grafana dashboard %s', (_, file) => {
  const d = dashboard(file);
  const panels = allPanels(d);
  const shown = panels.filter((p) => p.type !== 'row');

  it('is JSON of a current Grafana, with a uid and a title', () => {
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(d.uid).toMatch(/^[\w-]{1,40}$/);
    expect(d.title).toBeTruthy();
  });

  it('asks for the Prometheus to use (DS_PROMETHEUS), and nothing else is hard-wired', () => {
    const ds = d.templating.list.find((v) => v.name === 'DS_PROMETHEUS');
    expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const v of d.templating.list.filter((x) => x.type === 'query'))
      expect([v.name, v.datasource]).toEqual([v.name, PROMETHEUS]);
    // No datasource named or numbered by one Grafana's own ids.
    expect(readFileSync(file, 'utf8')).not.toMatch(
      /"uid":\s*"(?!\$\{DS_PROMETHEUS\}|-- Grafana --|city-operations)/,
    );
  });

  it('has panels with ids of their own, each on the Prometheus with at least one query, laid out on the grid', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(shown.length).toBeGreaterThan(0);
    for (const p of shown) {
      expect([p.title, p.datasource]).toEqual([p.title, PROMETHEUS]);
      expect([p.title, (p.targets ?? []).length > 0]).toEqual([p.title, true]);
      for (const t of p.targets ?? []) {
        expect([p.title, t.datasource, t.refId, (t.expr ?? '').length > 0]).toEqual([
          p.title,
          PROMETHEUS,
          expect.stringMatching(/^[A-Z]$/),
          true,
        ]);
      }
      const g = p.gridPos;
      expect([p.title, g && g.x >= 0 && g.w > 0 && g.x + g.w <= 24 && g.h > 0]).toEqual([p.title, true]);
    }
  });

  it('shows what the city watches: requests, latency, lag, dead letters, outbox, jobs, service levels, messages, services up', () => {
    const exprs = shown.map((p) => `${p.title}\n${(p.targets ?? []).map((t) => t.expr).join('\n')}`);
    const panelWith = (title: RegExp, metric: string) =>
      exprs.some((e) => title.test(e.split('\n')[0]) && e.includes(metric));
    expect(panelWith(/request rate/i, 'http_server_request_duration_seconds_count')).toBe(true);
    expect(panelWith(/p95/i, 'http_server_request_duration_seconds_bucket')).toBe(true);
    expect(panelWith(/lag/i, 'city_kafka_consumer_lag')).toBe(true);
    expect(panelWith(/dead letters/i, 'city_kafka_dead_letters_total')).toBe(true);
    expect(panelWith(/outbox backlog/i, 'city_outbox_backlog')).toBe(true);
    expect(panelWith(/oldest/i, 'city_outbox_oldest_age_seconds')).toBe(true);
    expect(panelWith(/jobs/i, 'city_bullmq_jobs')).toBe(true);
    expect(panelWith(/warnings/i, 'city_sla_warnings_total')).toBe(true);
    expect(panelWith(/breaches/i, 'city_sla_breaches_total')).toBe(true);
    expect(panelWith(/sent/i, 'city_notifications_sent_total')).toBe(true);
    expect(panelWith(/not sent/i, 'city_notifications_not_sent_total')).toBe(true);
    expect(panelWith(/up/i, 'up{')).toBe(true);
  });

  it("has queries Prometheus accepts (promtool parses each, Grafana's variables filled in)", () => {
    const uses = dashboardUses(file).filter((u) => !u.where.includes('variable $'));
    const dir = mkdtempSync(join(tmpdir(), 'city-dashboard-'));
    try {
      const rules = {
        groups: [
          {
            name: 'dashboard',
            rules: uses.map((u, i) => ({
              record: `dashboard_query_${i}`,
              expr: withGrafanaVariablesFilledIn(u.expr),
            })),
          },
        ],
      };
      writeFileSync(join(dir, 'queries.yml'), YAML.stringify(rules));
      const r = promtool(['check', 'rules', join(dir, 'queries.yml')]);
      // A failure names the panel and query rather than the rule made of it.
      const output = r.output.replace(/dashboard_query_(\d+)/g, (_, i: string) => uses[Number(i)].where);
      expect([r.status, output]).toEqual([0, expect.stringContaining(`SUCCESS: ${uses.length} rules found`)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
