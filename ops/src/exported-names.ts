/** The series a metric of a type is served as (a histogram's buckets, sum and count; a summary's sum and count). */
export function seriesOf(name: string, type: string): string[] {
  if (type === 'histogram') return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

/** The platform's histograms (the rest of metric-names.ts are counters and gauges). */
export const HISTOGRAMS = new Set(['http_server_request_duration_seconds']);

/**
 * The names a rule or a dashboard may read: the services' metrics (metric-names.ts), Node's process
 * metrics prom-client adds to each service, Prometheus's `up`, and the recording rules' names.
 */
export function exportableNames(
  metrics: Record<string, string>,
  defaults: Array<{ name: string; type: string }>,
  recorded: string[],
): Set<string> {
  return new Set([
    ...Object.values(metrics).flatMap((n) => seriesOf(n, HISTOGRAMS.has(n) ? 'histogram' : 'other')),
    ...defaults.flatMap((m) => seriesOf(m.name, m.type)),
    'up',
    ...recorded,
  ]);
}

/** The series names a `/metrics` answer (Prometheus's text format) declares or carries. */
export function namesServed(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) seriesOf(type[1], type[2]).forEach((n) => names.add(n));
    else if (line && !line.startsWith('#')) names.add(line.split(/[{ ]/)[0]);
  }
  return names;
}
