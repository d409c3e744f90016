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

  /**
   * Each item's standing, by case id; an item whose case has no resolution clock is not in it. The
   * clock is the case's city's (a city working another's case shows that city's service level): one
   * query per city the page holds cases of, one in nearly every page.
   */
  async of(items: WorkItem[]): Promise<Map<string, SlaStanding>> {
    const byCity = new Map<string, string[]>();
    for (const i of items) byCity.set(i.tenantId, [...(byCity.get(i.tenantId) ?? []), i.caseId]);
    const standings = new Map<string, SlaStanding>();
    for (const [city, caseIds] of byCity)
      for (const c of await this.clocks.ofCases(city, caseIds, 'resolution'))
        standings.set(c.caseId, slaStanding(c));
    return standings;
  }
}
