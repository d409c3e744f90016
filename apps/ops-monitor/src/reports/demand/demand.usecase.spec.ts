import { ReportRepository } from '../report.repository';
import type { DemandCell } from './demand';
import { DemandUseCase } from './demand.usecase';

class Cells extends ReportRepository {
  constructor(private readonly rows: DemandCell[]) {
    super();
  }
  async demand() {
    return this.rows;
  }
  async serviceChannelCounts() {
    return [];
  }
  async channelVolumes() {
    return [];
  }
  async statusTimes() {
    return [];
  }
  async achievedByLgsl() {
    return [];
  }
}

const c = (
  period: string,
  serviceCode: string,
  district: string,
  channel: string,
  requests: number,
): DemandCell => ({
  period,
  serviceCode,
  lgslId: 1,
  district,
  channel,
  requests,
});

describe('DemandUseCase', () => {
  it('says what is asked for most, where and how, and how it moves over time', async () => {
    const r = await new DemandUseCase(
      new Cells([
        c('2026-10-01', 'pothole', 'noord', 'web', 5),
        c('2026-10-01', 'missed-bin', 'zuid', 'phone', 9),
        c('2026-11-01', 'missed-bin', 'zuid', 'web', 4),
        c('2026-11-01', 'pothole', 'zuid', 'counter', 1),
      ]),
    ).execute('default', { from: new Date('2026-10-01'), to: new Date('2026-12-01'), interval: 'month' });
    expect(r.services.map((s) => [s.serviceCode, s.requests])).toEqual([
      ['missed-bin', 13],
      ['pothole', 6],
    ]);
    expect(r.services[0].byChannel).toEqual({ phone: 9, web: 4 });
    expect(r.districts).toEqual([
      {
        district: 'zuid',
        requests: 14,
        topServices: [
          { serviceCode: 'missed-bin', requests: 13 },
          { serviceCode: 'pothole', requests: 1 },
        ],
      },
      { district: 'noord', requests: 5, topServices: [{ serviceCode: 'pothole', requests: 5 }] },
    ]);
    expect(r.periods).toEqual([
      { period: '2026-10-01', byChannel: { web: 5, phone: 9 }, requests: 14 },
      { period: '2026-11-01', byChannel: { web: 4, counter: 1 }, requests: 5 },
    ]);
  });
});
