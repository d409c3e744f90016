import { Injectable } from '@nestjs/common';
import { DomainError, type CitizenRestrictionView, type RestrictionGround } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { CitizenRepository } from '../../record/citizen.repository';
import { survivorOf } from '../../record/merge-chain';
import type { Party } from '../../record/party.entity';
import { restrictionView } from '../../record/restriction-view';
import { RecordErasure } from '../record-erasure';

/** The record a citizen's id leads to (a merged one's survivor), locked; not found: 404. */
export async function lockedRecordOf(citizens: CitizenRepository, city: string, id: string): Promise<Party> {
  const party = await survivorOf((x) => citizens.byId(city, x, true), id);
  if (!party) throw DomainError.notFound('citizen.not-found', `citizen ${id} not found`);
  return party;
}

export interface RestrictCitizen {
  city: string;
  citizenId: string;
  ground: RestrictionGround;
  /** The administrator, as an actor label. */
  by: string;
}

/**
 * An administrator restricts a citizen's record (GDPR article 18; docs/personal-data.md): the record
 * and their requests are kept as they are, and staff see "restricted since"; what stops is the city's
 * other use of them: messages about requests they made before, merges with the record, staff changes
 * to their preferences, and the retention run's anonymising of their requests. Asked again while one
 * is in force, it answers that one. An erased record is not restricted (409): there is nothing to keep.
 */
@Injectable()
export class RestrictCitizenUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly citizens: CitizenRepository,
    private readonly erasures: RecordErasure,
  ) {}

  execute(c: RestrictCitizen, now = new Date()): Promise<CitizenRestrictionView> {
    return this.tx.run(async () => {
      const party = await lockedRecordOf(this.citizens, c.city, c.citizenId);
      if (await this.erasures.ofParty(c.city, party.id))
        throw DomainError.conflict(
          'personal-data.erased',
          'This record was erased: there is nothing to restrict.',
        );
      const [inForce] = await this.citizens.restrictionsOf(c.city, [party.id]);
      if (inForce) return restrictionView(inForce);
      return restrictionView(
        await this.citizens.restrict({
          tenantId: c.city,
          partyId: party.id,
          ground: c.ground,
          restrictedBy: c.by,
          restrictedAt: now,
        }),
      );
    });
  }
}
