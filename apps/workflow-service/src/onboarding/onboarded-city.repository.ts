import type { OnboardedCity } from './onboarded-city.entity';

/** The cities onboarded through the admin API. */
export abstract class OnboardedCityRepository {
  /** Every city onboarded, the newest first. */
  abstract list(): Promise<OnboardedCity[]>;
  abstract add(city: OnboardedCity): Promise<void>;
}
