import { Injectable } from '@nestjs/common';
import type { AgentScreenPop } from '@city/contracts';
import { CitizenRepository } from '../../record/citizen.repository';

/** A merge chain is short; a longer one is a loop in the data, not a citizen. */
const MAX_MERGE_HOPS = 10;

/**
 * Who is calling: the citizen whose record owns the caller's number (after a merge, the record it
 * went into), or null for a number the record does not know or that only a record kept apart holds.
 */
@Injectable()
export class MatchCallerUseCase {
  constructor(private readonly citizens: CitizenRepository) {}

  async execute(tenantId: string, callerNumber: string | null): Promise<AgentScreenPop['caller']> {
    if (!callerNumber) return null;
    let id = await this.citizens.ownerOf(tenantId, 'phone', callerNumber);
    for (let hop = 0; id && hop < MAX_MERGE_HOPS; hop++) {
      const party = await this.citizens.byId(tenantId, id);
      if (!party) return null;
      if (!party.mergedInto)
        return { citizenId: party.id, firstName: party.firstName, lastName: party.lastName };
      id = party.mergedInto;
    }
    return null;
  }
}
