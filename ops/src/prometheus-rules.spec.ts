import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PROMETHEUS_CONFIG,
  PROMETHEUS_DIR,
  RULE_FILES,
  RULE_TEST_FILES,
  ruleFile,
  RULES_DIR,
} from './ops-files';
import { localPrometheusConfig, onThisMachine } from './prometheus-config';
import { promtool } from './promtool';

/**
 * Prometheus's own tool loads the configuration and the rules as Prometheus would, and runs the
 * rules' tests (city.rules.test.yml): each alert fed with series, firing when it should, with the
 * words the person on call reads, and quiet when it should not.
 */
describe('the Prometheus configuration and rules, checked by promtool', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'city-prometheus-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the shipped configuration is valid where it is deployed: its rules beside it, and the token file a deployment adds', () => {
    // Exactly the repository's files, in the layout a deployment mounts them in.
    cpSync(PROMETHEUS_DIR, join(dir, 'shipped'), { recursive: true });
    writeFileSync(join(dir, 'shipped/metrics-token'), 'a-token\n');
    const r = promtool(['check', 'config', 'prometheus.yml'], join(dir, 'shipped'));
    expect([r.status, r.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    // It loaded the rules too (and not their test file, which sits in the same folder).
    expect(r.output).toContain(`Checking rules/city.rules.yml`);
    expect(r.output).not.toContain('city.rules.test.yml');
  });

  it('the shipped configuration scrapes every service at its port every 15 s, with the token, and loads the rules', () => {
    const text = readFileSync(PROMETHEUS_CONFIG, 'utf8');
    expect(text).toMatch(/scrape_interval: 15s/);
    expect(text).toMatch(/rule_files:\n(\s+#.*\n)*\s+- rules\/\*\.rules\.yml\n/);
    const jobs = [
      ...text.matchAll(
        /job_name: ([\w-]+)\n.*credentials_file: metrics-token.*\n.*targets: \["([\w-]+):(\d+)"\]/g,
      ),
    ];
    expect(jobs.map((m) => [m[1], m[2], Number(m[3])])).toEqual([
      ['intake-gateway', 'intake-gateway', 3000],
      ['case-service', 'case-service', 3001],
      ['workflow-service', 'workflow-service', 3002],
      ['notification-service', 'notification-service', 3003],
      ['ops-monitor', 'ops-monitor', 3004],
    ]);
  });

  it('the copy for this machine (what tools/infra up writes) is valid and scrapes 127.0.0.1 at the same ports', () => {
    const tokenFile = join(dir, 'metrics-token');
    writeFileSync(tokenFile, 'demo-metrics-token\n');
    const local = localPrometheusConfig(readFileSync(PROMETHEUS_CONFIG, 'utf8'), {
      targets: onThisMachine,
      tokenFile,
      rules: join(RULES_DIR, '*.rules.yml'),
      scrapeInterval: '5s',
      evaluationInterval: '5s',
    });
    writeFileSync(join(dir, 'local.yml'), local);
    const r = promtool(['check', 'config', join(dir, 'local.yml')]);
    expect([r.status, r.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    expect(r.output).toContain(`Checking ${join(RULES_DIR, 'city.rules.yml')}`);
    for (const port of [3000, 3001, 3002, 3003, 3004]) expect(local).toContain(`127.0.0.1:${port}`);
    expect(local.match(/credentials_file: (.*)/g)).toHaveLength(5);
    expect(local).toContain(`credentials_file: ${tokenFile}`);
  });

  it.each(RULE_FILES.map((f) => [f.slice(RULES_DIR.length + 1), f]))('%s loads', (_, file) => {
    const r = promtool(['check', 'rules', file]);
    expect([r.status, r.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it.each(RULE_TEST_FILES.map((f) => [f.slice(RULES_DIR.length + 1), f]))(
    '%s: each alert fires when it should and not when it should not',
    (_, file) => {
      const r = promtool(['test', 'rules', file], RULES_DIR);
      expect([r.status, r.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    },
  );

  it('every alert has a severity, a summary and a description, and is tested firing', () => {
    const tests = RULE_TEST_FILES.map((f) => readFileSync(f, 'utf8')).join('\n');
    const alerts = RULE_FILES.flatMap((f) => ruleFile(f).groups.flatMap((g) => g.rules)).filter(
      (r) => r.alert,
    );
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'CityServiceDown',
        'CityKafkaConsumerLagGrowing',
        'CityKafkaDeadLetters',
        'CityOutboxStalled',
        'CityServiceLevelBreaches',
      ]),
    );
    for (const a of alerts) {
      expect([a.alert, a.labels?.severity]).toEqual([a.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect([
        a.alert,
        (a.annotations?.summary ?? '').length > 20,
        (a.annotations?.description ?? '').length > 80,
      ]).toEqual([a.alert, true, true]);
      // Named in a test that expects it to fire (an exp_alerts list that is not empty follows).
      expect([a.alert, new RegExp(`alertname: ${a.alert}\\n\\s+exp_alerts:\\n\\s+- `).test(tests)]).toEqual([
        a.alert,
        true,
      ]);
    }
  });
});
