import type { PerCity } from '@city/platform-config';
import { Inject, Injectable } from '@nestjs/common';
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
    @Inject(CONTACT_COSTS) private readonly costs: PerCity<ContactCosts>,
  ) {}

  async execute(
    tenantId: string,
    p: {
      from: Date;
      to: Date;
      interval: Interval;
      shift?: ProposedShift;
    },
  ): Promise<ChannelShiftReport> {
    const volumes = await this.reports.channelVolumes(tenantId, p.from, p.to, p.interval);
    return channelShift(volumes, this.costs(tenantId), {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      interval: p.interval,
      ...(p.shift ? { shift: p.shift } : {}),
    });
  }
}
