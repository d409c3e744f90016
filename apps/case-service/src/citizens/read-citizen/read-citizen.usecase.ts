import { Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import type { CitizenMerge } from '../../record/citizen-merge.entity';
import type { CitizenRestriction } from '../../record/citizen-restriction.entity';
import { CitizenRepository } from '../../record/citizen.repository';
import type { Interaction } from '../../record/interaction.entity';
import { InteractionRepository } from '../../record/interaction.repository';
import type { Party } from '../../record/party.entity';

export interface CitizenRead {
  citizen: Party;
  cases: CaseRecord[];
  interactions: Interaction[];
  merges: CitizenMerge[];
  /** The restriction in force on the record (article 18), if any. */
  restriction: CitizenRestriction | null;
}

/** The citizen 360 view: who they are, how to reach them, every case and every contact on every channel, and the merges of their record. */
@Injectable()
export class ReadCitizenUseCase {
  constructor(
    private readonly citizens: CitizenRepository,
    private readonly cases: CaseRepository,
    private readonly interactions: InteractionRepository,
    private readonly tx: Transaction,
  ) {}

  /** All parts from one snapshot, so a case opened meanwhile shows with its contact, or not at all. */
  execute(tenantId: string, id: string): Promise<CitizenRead> {
    return this.tx.snapshot(() => this.read(tenantId, id));
  }

  private async read(tenantId: string, id: string): Promise<CitizenRead> {
    const [citizen] = await this.citizens.withContacts(tenantId, [id]);
    if (!citizen) throw DomainError.notFound('citizen.not-found', `citizen ${id} not found`);
    // One after another: in the snapshot they share one connection (pg refuses queries at once on one client from v9).
    const cases = await this.cases.ofCitizen(id);
    const interactions = await this.interactions.ofCitizen(id);
    const merges = await this.citizens.mergesOf(id);
    const [restriction] = await this.citizens.restrictionsOf(tenantId, [id]);
    return { citizen, cases, interactions, merges, restriction: restriction ?? null };
  }
}
