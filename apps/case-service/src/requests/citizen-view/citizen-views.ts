import { Injectable } from '@nestjs/common';
import { CITIZEN_TIMELINE_KINDS, type CitizenCaseView } from '@city/contracts';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import type { TimelineEntry } from '../../record/timeline-entry.entity';
import { citizenCaseView } from './citizen-view.util';

/** A case a citizen may see, and what they see of it. */
export interface FollowedCase<C extends CaseRecord = CaseRecord> {
  case: C;
  view: CitizenCaseView;
}

/**
 * What citizens see of cases the caller already let them see (a second factor, a verified email):
 * three reads whatever the number of cases (their timelines' entries of the kinds a citizen may see,
 * the cases they duplicate, their satisfaction answers), then the pure selection of citizenCaseView.
 */
@Injectable()
export class CitizenViews {
  constructor(private readonly cases: CaseRepository) {}

  /** The view of each case, in their order, for the citizen with these record ids. */
  async of(cases: readonly CaseRecord[], citizenIds: readonly string[]): Promise<CitizenCaseView[]> {
    if (cases.length === 0) return [];
    const entries = await this.cases.timelines(
      cases.map((c) => c.id),
      CITIZEN_TIMELINE_KINDS,
    );
    const originalIds = [...new Set(cases.flatMap((c) => (c.duplicateOf ? [c.duplicateOf] : [])))];
    // One after another: the caller's snapshot holds one connection (pg refuses queries at once on one client from v9).
    const originalRows = await this.cases.byIds(originalIds);
    const answers = await this.cases.satisfactionOf(cases.map((c) => c.id));
    const originals = new Map(originalRows.map((o) => [o.id, o]));
    const answerOf = new Map(answers.map((a) => [a.caseId, a]));
    const now = new Date();
    const byCase = new Map<string, TimelineEntry[]>();
    for (const t of entries) {
      const list = byCase.get(t.caseId);
      if (list) list.push(t);
      else byCase.set(t.caseId, [t]);
    }
    const ids = new Set(citizenIds);
    return cases.map((c) => {
      const o = c.duplicateOf ? originals.get(c.duplicateOf) : undefined;
      const original = o && o.tenantId === c.tenantId ? o : null;
      return citizenCaseView(
        c,
        byCase.get(c.id) ?? [],
        original,
        {
          citizenIds: ids,
          ownCase: c.partyId !== null && ids.has(c.partyId),
          references: new Map(original ? [[original.id, original.reference]] : []),
        },
        answerOf.get(c.id) ?? null,
        now,
      );
    });
  }
}
