import { Injectable } from '@nestjs/common';
import type { AgentScreenPop } from '@city/contracts';
import { CitizenRepository } from '../../record/citizen.repository';
import { survivorOf } from '../../record/merge-chain';

/**
 * Who is calling: the citizen whose record owns the caller's number (after a merge, the record it
 * went into), or null for a number the record does not know or that only a record kept apart holds.
 */
@Injectable()
export class MatchCallerUseCase {
  constructor(private readonly citizens: CitizenRepository) {}

  async execute(tenantId: string, callerNumber: string | null): Promise<AgentScreenPop['caller']> {
    if (!callerNumber) return null;
    const id = await this.citizens.ownerOf(tenantId, 'phone', callerNumber);
    const party = id ? await survivorOf((x) => this.citizens.byId(tenantId, x), id) : null;
    return party ? { citizenId: party.id, firstName: party.firstName, lastName: party.lastName } : null;
  }
}
