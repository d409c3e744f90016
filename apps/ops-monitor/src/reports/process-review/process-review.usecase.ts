import { Injectable } from '@nestjs/common';
import { ReportRepository } from '../report.repository';
import { processReview, type ProcessReview } from './process-review';

/** Process review: the time each service's cases spend in each step, and where the process waits. */
@Injectable()
export class ProcessReviewUseCase {
  constructor(private readonly reports: ReportRepository) {}

  async execute(tenantId: string, p: { from: Date; to: Date; now?: Date }): Promise<ProcessReview> {
    const times = await this.reports.statusTimes(tenantId, p.from, p.to, p.now ?? new Date());
    return processReview(times, { from: p.from.toISOString(), to: p.to.toISOString() });
  }
}
