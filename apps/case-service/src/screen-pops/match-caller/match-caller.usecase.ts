import { Inject, Injectable } from '@nestjs/common';
import type { AgentScreenPop } from '@city/contracts';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import { CitizenRepository } from '../../record/citizen.repository';

/** A merge chain is short; a longer one is a loop in the data, not a citizen. */
const MAX_MERGE_HOPS = 10;

/**
 * Who is calling: the citizen whose record owns the caller's number (after a merge, the record it
 * went into), or null for a number the record does not know or that only a record kept apart holds.
 */
@Injectable()
export class MatchCallerUseCase {
  constructor(
    private readonly citizens: CitizenRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID'>,
  ) {}

  async execute(callerNumber: string | null): Promise<AgentScreenPop['caller']> {
    if (!callerNumber) return null;
    let id = await this.citizens.ownerOf(this.config.TENANT_ID, 'phone', callerNumber);
    for (let hop = 0; id && hop < MAX_MERGE_HOPS; hop++) {
      const party = await this.citizens.byId(this.config.TENANT_ID, id);
      if (!party) return null;
      if (!party.mergedInto)
        return { citizenId: party.id, firstName: party.firstName, lastName: party.lastName };
      id = party.mergedInto;
    }
    return null;
  }
}
