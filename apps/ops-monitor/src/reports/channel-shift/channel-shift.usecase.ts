import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { ReportRepository, type Interval } from '../report.repository';
import {
  channelShift,
  type ChannelShiftReport,
  type ContactCosts,
  type ProposedShift,
} from './channel-shift';
import { CONTACT_COSTS } from './contact-costs';

/** Channel shift: each service's requests by channel over time, what contact cost, and what a proposed shift would save. */
@Injectable()
export class ChannelShiftUseCase {
  constructor(
    private readonly reports: ReportRepository,
    @Inject(CONTACT_COSTS) private readonly costs: ContactCosts,
    @Inject(APP_CONFIG) private readonly config: Pick<OpsConfig, 'TENANT_ID'>,
  ) {}

  async execute(p: {
    from: Date;
    to: Date;
    interval: Interval;
    shift?: ProposedShift;
  }): Promise<ChannelShiftReport> {
    const volumes = await this.reports.channelVolumes(this.config.TENANT_ID, p.from, p.to, p.interval);
    return channelShift(volumes, this.costs, {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      interval: p.interval,
      ...(p.shift ? { shift: p.shift } : {}),
    });
  }
}
