import type { CitizenRestrictionView, RestrictionGround } from '@city/contracts';
import type { CitizenRestriction } from './citizen-restriction.entity';

/** A restriction in force as staff see it on the record (article 18): since when, on which ground, by whom. */
export const restrictionView = (r: CitizenRestriction): CitizenRestrictionView => ({
  ground: r.ground as RestrictionGround,
  restrictedAt: r.restrictedAt.toISOString(),
  restrictedBy: r.restrictedBy,
});
