import { Inject, Injectable } from '@nestjs/common';
import { ReportRepository } from '../../report.repository';
import { AmbitionsRepository, OfferedServices } from '../ambitions.repository';
import { selfAssessment, type SelfAssessment } from '../self-assessment';

export const LGSL_NAMES = Symbol('LGSL_NAMES');

/** The city's self-assessment from live data: its ambitions beside what it offers and achieves, by LGSL id. */
@Injectable()
export class SelfAssessmentUseCase {
  constructor(
    private readonly reports: ReportRepository,
    private readonly ambitions: AmbitionsRepository,
    private readonly offered: OfferedServices,
    @Inject(LGSL_NAMES) private readonly names: Map<number, string>,
  ) {}

  async execute(tenant: string, p: { from: Date; to: Date }): Promise<SelfAssessment> {
    const [ambitions, achieved] = await Promise.all([
      this.ambitions.list(tenant),
      this.reports.achievedByLgsl(tenant, p.from, p.to),
    ]);
    return selfAssessment(this.offered.list(tenant), ambitions, achieved, this.names, {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
    });
  }
}
