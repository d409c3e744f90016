import { Injectable } from '@nestjs/common';
import { TypeormTransaction } from '@city/platform-database';
import { OnboardedCity } from './onboarded-city.entity';
import { OnboardedCityRepository } from './onboarded-city.repository';

@Injectable()
export class TypeormOnboardedCityRepository extends OnboardedCityRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get cities() {
    return this.tx.manager().getRepository(OnboardedCity);
  }

  list(): Promise<OnboardedCity[]> {
    return this.cities.find({ order: { onboardedAt: 'DESC', city: 'ASC' } });
  }

  async add(city: OnboardedCity): Promise<void> {
    // Inserted, never replaced: a city is onboarded once (the id and the jurisdiction are unique).
    await this.cities.insert(city as Parameters<typeof this.cities.insert>[0]);
  }
}
