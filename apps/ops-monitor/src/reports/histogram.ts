/**
 * Percentiles from a histogram of durations counted in fixed buckets, as Postgres's
 * `percentile_cont` gives them from the raw values (linear between the two nearest ranks), each
 * value taken as its bucket's middle. With buckets of 3 minutes (0.05 h) a figure is within 1.5
 * minutes of the exact one, finer than the reports show (hours with one decimal). Counting into
 * buckets is a hash aggregate; exact percentiles sort every value, which over a year of a large city
 * is the report's whole cost (docs/benchmarks.md, Operations).
 */
export const BUCKET_MINUTES = 3;

/** `counts`: bucket number (duration in minutes ÷ BUCKET_MINUTES, rounded down) → how many. Returns hours. */
export function percentilesFromHistogram(counts: Map<number, number>, ps: number[]): Array<number | null> {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return ps.map(() => null);
  /** The value at a 0-based rank, as its bucket's middle, in hours. */
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (rank < seen) return ((bucket + 0.5) * BUCKET_MINUTES) / 60;
    }
    return ((buckets[buckets.length - 1][0] + 0.5) * BUCKET_MINUTES) / 60;
  };
  return ps.map((p) => {
    const pos = p * (total - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const a = valueAt(lo);
    return lo === hi ? a : a + (valueAt(hi) - a) * (pos - lo);
  });
}

/** Adds one histogram into another (a service's channels into the service on all channels). */
export function mergeInto(target: Map<number, number>, source: Map<number, number>): void {
  for (const [b, n] of source) target.set(b, (target.get(b) ?? 0) + n);
}
