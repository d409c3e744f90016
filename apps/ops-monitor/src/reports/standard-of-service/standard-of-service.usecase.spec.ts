import { ReportRepository } from '../report.repository';
import type { ServiceChannelCounts } from './standard-of-service';
import { StandardOfServiceUseCase } from './standard-of-service.usecase';

class FixedReports extends ReportRepository {
  asked: Array<[string, Date, Date]> = [];
  constructor(private readonly rows: ServiceChannelCounts[]) {
    super();
  }
  async serviceChannelCounts(tenantId: string, from: Date, to: Date) {
    this.asked.push([tenantId, from, to]);
    return this.rows;
  }
  async channelVolumes() {
    return [];
  }
  async demand() {
    return [];
  }
  async statusTimes() {
    return [];
  }
  async achievedByLgsl() {
    return [];
  }
}

describe('StandardOfServiceUseCase', () => {
  it("reads the city's counts for the period and uses the configured margin unless one is asked for", async () => {
    const reports = new FixedReports([]);
    const useCase = new StandardOfServiceUseCase(reports, {
      PARITY_MARGIN: 10,
      PARITY_MIN_CASES: 5,
    });
    const from = new Date('2026-11-01T00:00:00Z');
    const to = new Date('2026-12-01T00:00:00Z');
    expect(await useCase.execute('rotterdam', { from, to })).toMatchObject({
      margin: 10,
      minCases: 5,
      services: [],
    });
    expect((await useCase.execute('rotterdam', { from, to, margin: 3 })).margin).toBe(3);
    expect(reports.asked[0]).toEqual(['rotterdam', from, to]);
  });
});
