import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { ReportRepository } from '../report.repository';
import { processReview, type ProcessReview } from './process-review';

/** Process review: the time each service's cases spend in each step, and where the process waits. */
@Injectable()
export class ProcessReviewUseCase {
  constructor(
    private readonly reports: ReportRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<OpsConfig, 'TENANT_ID'>,
  ) {}

  async execute(p: { from: Date; to: Date; now?: Date }): Promise<ProcessReview> {
    const times = await this.reports.statusTimes(this.config.TENANT_ID, p.from, p.to, p.now ?? new Date());
    return processReview(times, { from: p.from.toISOString(), to: p.to.toISOString() });
  }
}
