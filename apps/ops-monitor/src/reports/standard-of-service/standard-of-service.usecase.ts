import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { ReportRepository } from '../report.repository';
import { standardOfService, type StandardOfServiceReport } from './standard-of-service';

export interface ReportPeriod {
  from: Date;
  to: Date;
  margin?: number;
  /** Of the city's own cases alone (a comparison between cities); unset: every case it sees. */
  ownCasesOnly?: boolean;
}

/** The standard-of-service report for a period: each service on each channel, and where a channel does worse. */
@Injectable()
export class StandardOfServiceUseCase {
  constructor(
    private readonly reports: ReportRepository,
    @Inject(APP_CONFIG)
    private readonly config: Pick<OpsConfig, 'PARITY_MARGIN' | 'PARITY_MIN_CASES'>,
  ) {}

  async execute(tenantId: string, p: ReportPeriod): Promise<StandardOfServiceReport> {
    const counts = await this.reports.serviceChannelCounts(
      tenantId,
      p.from,
      p.to,
      p.ownCasesOnly ? 'own' : 'seen',
    );
    return standardOfService(counts, {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      margin: p.margin ?? this.config.PARITY_MARGIN,
      minCases: this.config.PARITY_MIN_CASES,
    });
  }
}
