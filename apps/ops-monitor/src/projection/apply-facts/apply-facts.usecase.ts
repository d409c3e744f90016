import { Inject, Injectable } from '@nestjs/common';
import { Inbox, Transaction } from '@city/platform-database';
import { CaseProjectionRepository } from '../case-projection.repository';
import { caseIdOf, foldFact, type CaseRow, type OpsFact, type StatusMove } from '../fold-fact';
import { DISTRICT_OF, type DistrictOf } from '../districts';

/** The inbox's name for the projection: the facts it folded, each once. */
export const PROJECTION_CONSUMER = 'ops-monitor.cases';

/**
 * Folds a partition's fetched facts into the cases' read model in one transaction: each fact once
 * (the inbox), each case locked (an advisory lock per case, so a case not yet in the table is held
 * too) while its facts fold in the order they came. Returns the
 * facts that changed something (for the live figures) and the newest fact's time (for the delay metric).
 */
@Injectable()
export class ApplyFactsUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly cases: CaseProjectionRepository,
    @Inject(DISTRICT_OF) private readonly districtOf: DistrictOf,
  ) {}

  async execute(facts: OpsFact[]): Promise<{ changed: number; newest: Date | null }> {
    if (facts.length === 0) return { changed: 0, newest: null };
    return this.tx.run(async () => {
      const fresh = await this.inbox.claim(
        PROJECTION_CONSUMER,
        facts.map((f) => f.eventId),
      );
      const todo = facts.filter((f) => fresh.has(f.eventId));
      const ids = [...new Set(todo.map(caseIdOf).filter((id): id is string => id !== null))].sort();
      // A case's facts come on two topics, folded by two transactions at once: each waits for the
      // other's case, even one not yet in the table (a row lock cannot hold a row that is not there).
      await this.tx.lock(ids.map((id) => `ops-case:${id}`));
      const rows = await this.cases.lockRows(ids);
      const changed = new Map<string, CaseRow>();
      const moves: StatusMove[] = [];
      for (const f of todo) {
        const id = caseIdOf(f);
        if (id === null) continue;
        const folded = foldFact(rows.get(id) ?? null, f, this.districtOf);
        if (!folded) continue;
        rows.set(id, folded.row);
        changed.set(id, folded.row);
        if (folded.move) moves.push(folded.move);
      }
      await this.cases.saveRows([...changed.values()]);
      await this.cases.moveStatuses(moves);
      const newest = facts.reduce<Date | null>((n, f) => {
        const at = new Date(f.occurredAt);
        return n === null || at > n ? at : n;
      }, null);
      return { changed: changed.size, newest };
    });
  }
}
