import type { SlaClock, SlaTargetKind } from './sla-clock.entity';

/** Where the reconciler's paging stands: the last clock of the page before. */
export interface ClockCursor {
  caseId: string;
  target: string;
}

/** Cases' clocks (service levels, closing, workflow wake-ups), as the use cases and the timers need them. */
export abstract class SlaClockRepository {
  /** A case's clocks, locked for the transaction under way. */
  abstract lockOfCase(caseId: string): Promise<SlaClock[]>;
  /** One clock of a case, locked for the transaction under way. */
  abstract lockOne(caseId: string, target: SlaTargetKind): Promise<SlaClock | null>;
  abstract findOne(caseId: string, target: SlaTargetKind): Promise<SlaClock | null>;
  abstract ofCase(caseId: string): Promise<SlaClock[]>;
  /** One target's clocks of several cases of a tenant, in one query (a case without one is left out). */
  abstract ofCases(tenantId: string, caseIds: string[], target: SlaTargetKind): Promise<SlaClock[]>;
  /** Writes clocks, new or changed. */
  abstract save(clocks: SlaClock[]): Promise<void>;
  /** Adds new clocks in one statement; a clock a case has already is kept as it is. */
  abstract addNew(clocks: SlaClock[]): Promise<void>;
  /**
   * A page of a tenant's live clocks (running or warned) after a cursor, in (case, target) order;
   * with a horizon, only those with a moment due by then (or overdue).
   */
  abstract livePage(
    tenantId: string,
    after: ClockCursor,
    horizon: Date | null,
    limit: number,
  ): Promise<SlaClock[]>;
}
