import { BUCKET_MINUTES, mergeInto, percentilesFromHistogram } from './histogram';

/** Exact percentile_cont over raw values, for comparison. */
function exact(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}
const histogramOf = (hours: number[]) => {
  const m = new Map<number, number>();
  for (const h of hours) {
    const b = Math.floor((h * 60) / BUCKET_MINUTES);
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
};

describe('percentiles from a histogram of durations', () => {
  it('gives what percentile_cont gives over the raw values, within half a bucket (1.5 minutes)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const hours = Array.from({ length: 5000 }, () => Math.exp(random() * 6) - 1);
    const [p50, p90] = percentilesFromHistogram(histogramOf(hours), [0.5, 0.9]);
    expect(Math.abs(p50! - exact(hours, 0.5))).toBeLessThanOrEqual(1.5 / 60 + 1e-9);
    expect(Math.abs(p90! - exact(hours, 0.9))).toBeLessThanOrEqual(1.5 / 60 + 1e-9);
  });

  it('is exact for durations on the bucket grid, interpolating between ranks as percentile_cont does', () => {
    // 24 h four times and 72 h six times: the median is 72 h; 22 h and 23 h: the median is 22.5 h.
    const mid = (h: number) => h + BUCKET_MINUTES / 2 / 60;
    expect(percentilesFromHistogram(histogramOf([24, 24, 24, 24, 72, 72, 72, 72, 72, 72]), [0.5])).toEqual([
      mid(72),
    ]);
    expect(percentilesFromHistogram(histogramOf([22, 23]), [0.5])[0]).toBeCloseTo(mid(22.5), 9);
  });

  it('has no percentile without values, and merges channels into the service', () => {
    expect(percentilesFromHistogram(new Map(), [0.5, 0.9])).toEqual([null, null]);
    const all = histogramOf([1, 2]);
    mergeInto(all, histogramOf([3]));
    expect([...all.values()].reduce((a, b) => a + b, 0)).toBe(3);
  });
});
