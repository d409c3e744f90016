import { Injectable } from '@nestjs/common';
import { ReportRepository, type Interval } from '../report.repository';
import { demandInsight, type DemandInsight } from './demand';

/** Demand insight: what citizens ask for, where and how, over time. */
@Injectable()
export class DemandUseCase {
  constructor(private readonly reports: ReportRepository) {}

  async execute(tenantId: string, p: { from: Date; to: Date; interval: Interval }): Promise<DemandInsight> {
    const cells = await this.reports.demand(tenantId, p.from, p.to, p.interval);
    return demandInsight(cells, { from: p.from.toISOString(), to: p.to.toISOString(), interval: p.interval });
  }
}
