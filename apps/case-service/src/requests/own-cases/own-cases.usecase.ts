import { Injectable } from '@nestjs/common';
import { Transaction } from '@city/platform-database';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import { CitizenViews, type FollowedCase } from '../citizen-view/citizen-views';

/**
 * A signed-in citizen's own requests: those of the citizen record that holds their verified email
 * (followed to its survivor after a merge), and those they follow (a report of theirs was linked to
 * one already reported). Nothing of anyone else's, and nothing without a verified email. Each with
 * what the citizen may see of it, in a fixed number of reads however many cases there are, from one
 * snapshot.
 */
@Injectable()
export class OwnCasesUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly views: CitizenViews,
    private readonly tx: Transaction,
  ) {}

  async execute(tenantId: string, verifiedEmail: string | null): Promise<FollowedCase[]> {
    if (!verifiedEmail) return [];
    return this.tx.snapshot(async () => {
      const cases = await this.cases.ownedByEmail(tenantId, verifiedEmail, 200);
      if (cases.length === 0) return [];
      // The records that are this citizen, as ownedByEmail finds them (never one held apart from the
      // email): the messages sent to them, and only those, show on the timelines.
      const holdings = await this.citizens.holdings([{ tenantId, kind: 'email', value: verifiedEmail }]);
      const citizenIds = holdings
        .filter((h) => !h.heldApart)
        .flatMap((h) => (h.mergedInto ? [h.partyId, h.mergedInto] : [h.partyId]));
      const views = await this.views.of(cases, citizenIds);
      return cases.map((c, i) => ({ case: c, view: views[i] }));
    });
  }
}
