import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { ReportRepository, type Interval } from '../report.repository';
import { demandInsight, type DemandInsight } from './demand';

/** Demand insight: what citizens ask for, where and how, over time. */
@Injectable()
export class DemandUseCase {
  constructor(
    private readonly reports: ReportRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<OpsConfig, 'TENANT_ID'>,
  ) {}

  async execute(p: { from: Date; to: Date; interval: Interval }): Promise<DemandInsight> {
    const cells = await this.reports.demand(this.config.TENANT_ID, p.from, p.to, p.interval);
    return demandInsight(cells, { from: p.from.toISOString(), to: p.to.toISOString(), interval: p.interval });
  }
}
