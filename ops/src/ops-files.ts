import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { metricNamesIn, metricNamesInVariableQuery } from './promql';

/** The repository's root, and the files this project checks. */
export const ROOT = resolve(__dirname, '../..');
export const PROMETHEUS_DIR = join(ROOT, 'ops/prometheus');
export const PROMETHEUS_CONFIG = join(PROMETHEUS_DIR, 'prometheus.yml');
export const RULES_DIR = join(PROMETHEUS_DIR, 'rules');
/** The rule files Prometheus loads (rule_files: rules/*.rules.yml); their tests are *.rules.test.yml. */
export const RULE_FILES = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.rules.yml'))
  .map((f) => join(RULES_DIR, f));
export const RULE_TEST_FILES = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.rules.test.yml'))
  .map((f) => join(RULES_DIR, f));
export const GRAFANA_DIR = join(ROOT, 'ops/grafana');
export const DASHBOARD_FILES = readdirSync(GRAFANA_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(GRAFANA_DIR, f));

/** One PromQL expression of a rule or a dashboard, and where it is (for a failure's message). */
export interface Use {
  where: string;
  expr: string;
  /** The metric names it reads. */
  names: string[];
}

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

export function ruleFile(path: string): RuleFile {
  return YAML.parse(readFileSync(path, 'utf8')) as RuleFile;
}

/** Every rule's expression. */
export function ruleUses(): Use[] {
  return RULE_FILES.flatMap((file) =>
    ruleFile(file).groups.flatMap((g) =>
      g.rules.map((r) => ({
        where: `${file.slice(ROOT.length + 1)}: ${r.record ?? r.alert}`,
        expr: r.expr,
        names: metricNamesIn(r.expr),
      })),
    ),
  );
}

/** The names the recording rules make: a rule or a panel may read them like a service's own. */
export function recordedNames(): string[] {
  return RULE_FILES.flatMap((file) =>
    ruleFile(file).groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))),
  );
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr?: string; refId?: string; datasource?: { type?: string; uid?: string } }>;
  gridPos?: { x: number; y: number; w: number; h: number };
  panels?: Panel[];
}

export interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: {
    list: Array<{ name: string; type: string; query?: string | { query?: string }; datasource?: unknown }>;
  };
}

export function dashboard(path: string): Dashboard {
  return JSON.parse(readFileSync(path, 'utf8')) as Dashboard;
}

/** Every panel, those inside a collapsed row too. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every expression of a dashboard: each panel target's, and each variable's query. */
export function dashboardUses(path: string): Use[] {
  const d = dashboard(path);
  const file = path.slice(ROOT.length + 1);
  const targets = allPanels(d).flatMap((p) =>
    (p.targets ?? []).map((t) => ({
      where: `${file}: panel ${p.id} "${p.title}" ${t.refId}`,
      expr: t.expr ?? '',
      names: metricNamesIn(t.expr ?? ''),
    })),
  );
  const variables = d.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const query = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
      return { where: `${file}: variable $${v.name}`, expr: query, names: metricNamesInVariableQuery(query) };
    });
  return [...targets, ...variables];
}
