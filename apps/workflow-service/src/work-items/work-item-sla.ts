import { Injectable } from '@nestjs/common';
import type { SlaClock } from '../clocks/sla-clock.entity';
import { SlaClockRepository } from '../clocks/sla-clock.repository';
import type { WorkItem } from './work-item.entity';

/**
 * An item's service level as every screen shows it: its case's resolution clock as the timers keep
 * it (state, warning and due time), read rather than worked out again, so a screen and the timers
 * agree. A paused clock (waiting for the citizen, or resolved) has no warning or due time until it
 * runs again.
 */
export type SlaStanding = Pick<SlaClock, 'state' | 'warnAt' | 'dueAt'>;

export const slaStanding = (c: SlaStanding): SlaStanding => ({
  state: c.state,
  warnAt: c.warnAt,
  dueAt: c.dueAt,
});

/** The resolution clocks of the items a screen shows, read in one query for the page, not one per item. */
@Injectable()
export class WorkItemSla {
  constructor(private readonly clocks: SlaClockRepository) {}

  /** Each item's standing, by case id; an item whose case has no resolution clock is not in it. */
  async of(tenantId: string, items: WorkItem[]): Promise<Map<string, SlaStanding>> {
    const clocks = await this.clocks.ofCases(
      tenantId,
      items.map((i) => i.caseId),
      'resolution',
    );
    return new Map(clocks.map((c) => [c.caseId, slaStanding(c)]));
  }
}
