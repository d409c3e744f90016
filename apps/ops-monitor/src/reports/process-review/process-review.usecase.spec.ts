import { ReportRepository } from '../report.repository';
import type { StatusTime } from './process-review';
import { ProcessReviewUseCase } from './process-review.usecase';

class Times extends ReportRepository {
  asked: Date[] = [];
  constructor(private readonly rows: StatusTime[]) {
    super();
  }
  async statusTimes(_t: string, _f: Date, _to: Date, now: Date) {
    this.asked.push(now);
    return this.rows;
  }
  async serviceChannelCounts() {
    return [];
  }
  async channelVolumes() {
    return [];
  }
  async demand() {
    return [];
  }
  async achievedByLgsl() {
    return [];
  }
}

const t = (status: string, totalHours: number, p50Hours: number): StatusTime => ({
  serviceCode: 'pothole',
  status,
  spans: 10,
  stillIn: 1,
  p50Hours,
  p90Hours: p50Hours * 2,
  totalHours,
});

describe('ProcessReviewUseCase', () => {
  it('names the step where a service waits longest before resolution, leaving the resolved time out', async () => {
    const times = new Times([
      t('received', 10, 1),
      t('open', 300, 20),
      t('in-progress', 90, 6),
      t('resolved', 900, 80),
    ]);
    const now = new Date('2026-11-30T12:00:00Z');
    const r = await new ProcessReviewUseCase(times).execute('default', {
      from: new Date('2026-11-01'),
      to: new Date('2026-12-01'),
      now,
    });
    expect(times.asked).toEqual([now]);
    expect(r.services[0].longest).toEqual({ status: 'open', sharePercent: 75 });
    expect(r.services[0].sentence).toBe(
      'pothole: 75 % of the time its cases spend before they are resolved is open in a queue (median 20 hours).',
    );
    expect(r.services[0].steps.map((s) => s.status)).toEqual(['resolved', 'open', 'in-progress', 'received']);
  });
});
