import { Injectable } from '@nestjs/common';
import { DomainError, type LiftRestriction } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { CitizenRepository } from '../../record/citizen.repository';
import { lockedRecordOf } from '../restrict-citizen/restrict-citizen.usecase';

export interface LiftCitizenRestriction extends LiftRestriction {
  city: string;
  citizenId: string;
  /** The administrator, as an actor label. */
  by: string;
}

/**
 * An administrator lifts a citizen's restriction, once the citizen has been told it will be (GDPR
 * article 18(3)): how and on which day is named, and kept with the restriction. From then on the
 * record is used as before. Refused (409) when none is in force; a day told that is still to come
 * is refused (400): they are told first.
 */
@Injectable()
export class LiftRestrictionUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly citizens: CitizenRepository,
  ) {}

  async execute(c: LiftCitizenRestriction, now = new Date()): Promise<{ lifted: true; liftedAt: string }> {
    // Today wherever the city is (up to 14 hours ahead of UTC): not refused just after local midnight.
    if (c.told.on > new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10))
      throw DomainError.invalid(
        'personal-data.told-later',
        'The citizen is told before the restriction is lifted.',
        [{ field: 'told.on', reason: 'is a day still to come' }],
      );
    return this.tx.run(async () => {
      const party = await lockedRecordOf(this.citizens, c.city, c.citizenId);
      const [inForce] = await this.citizens.restrictionsOf(c.city, [party.id]);
      if (!inForce)
        throw DomainError.conflict('personal-data.not-restricted', 'This record is not restricted.');
      await this.citizens.lift(inForce.id, {
        liftedBy: c.by,
        liftedAt: now,
        told: `${c.told.by} ${c.told.on}`,
      });
      return { lifted: true as const, liftedAt: now.toISOString() };
    });
  }
}
