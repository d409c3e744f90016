import { OnboardedCity } from './onboarded-city.entity';
import { OnboardedCityRepository } from './onboarded-city.repository';

/** For unit tests: the same contract as the TypeORM repository, in a Map. */
export class InMemoryOnboardedCityRepository extends OnboardedCityRepository {
  readonly rows = new Map<string, OnboardedCity>();

  async list(): Promise<OnboardedCity[]> {
    return [...this.rows.values()].sort((a, b) => b.onboardedAt.getTime() - a.onboardedAt.getTime());
  }

  async add(city: OnboardedCity): Promise<void> {
    if (this.rows.has(city.city)) throw new Error(`duplicate key: ${city.city}`);
    if ([...this.rows.values()].some((r) => r.jurisdiction === city.jurisdiction))
      throw new Error(`duplicate jurisdiction: ${city.jurisdiction}`);
    this.rows.set(city.city, Object.assign(new OnboardedCity(), city));
  }
}
