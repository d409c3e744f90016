/**
 * The metric names a PromQL expression reads, found by its tokens: what is left once strings, label
 * matchers (`{...}`), grouping labels (`by (...)`, `on (...)`, ...), ranges (`[5m]`), numbers,
 * Grafana's variables (`$job`, `$__rate_interval`), keywords and functions (a name followed by `(`)
 * are set aside. Enough for the rules and dashboards of this repository, which a test keeps to names
 * the services export; a selector by `__name__` is refused, since its name would not be seen.
 */
export function metricNamesIn(expr: string): string[] {
  if (/__name__/.test(expr))
    throw new Error(`write the metric's name before its braces, not as __name__: ${expr}`);
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/#[^\n]*/g, '')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, '$1 ()')
    .replace(/\[[^\]]*\]/g, '[]');
  const names = new Set<string>();
  // A Grafana variable, a number or duration (5m, 1e3, 0x1f, 0.95), or a name.
  const token = /(\$\{[^}]*\}|\$\w+)|(\d[\w.]*)|([a-zA-Z_:][a-zA-Z0-9_:]*)/g;
  for (let m = token.exec(bare); m; m = token.exec(bare)) {
    const name = m[3];
    if (!name || KEYWORDS.has(name.toLowerCase())) continue;
    // A function or an aggregation: `rate(`, `sum (`, `sum by (...) (`.
    if (/^\s*(\(|(by|without)\b)/i.test(bare.slice(token.lastIndex))) continue;
    names.add(name);
  }
  return [...names].sort();
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
  'atan2',
]);

/**
 * The metric names a Grafana variable's query reads: `label_values(<selector>, <label>)`,
 * `query_result(<expr>)`; none for `label_names()` or `metrics(...)`, which read no series by name.
 */
export function metricNamesInVariableQuery(query: string): string[] {
  const q = query.trim();
  const labelValues = /^label_values\((.*)\)$/s.exec(q);
  if (labelValues) {
    const args = labelValues[1];
    const lastComma = args.lastIndexOf(',');
    return lastComma < 0 ? [] : metricNamesIn(args.slice(0, lastComma));
  }
  const queryResult = /^query_result\((.*)\)$/s.exec(q);
  if (queryResult) return metricNamesIn(queryResult[1]);
  if (/^(label_names|metrics)\(/.test(q)) return [];
  return metricNamesIn(q);
}

/**
 * A Grafana expression as Prometheus would receive it: its variables given plausible values (any
 * duration variable 5m, any other `.*`), so promtool can check its syntax.
 */
export function withGrafanaVariablesFilledIn(expr: string): string {
  return expr
    .replace(/\$\{?__(rate_interval|interval|range)(?::\w+)?\}?/g, '5m')
    .replace(/\$\{[^}]*\}|\$\w+/g, '.*');
}
