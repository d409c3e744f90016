import { Inject, Injectable } from '@nestjs/common';
import type { CitiesView } from '@city/contracts';
import { APP_CONFIG, CityProfiles, servedCities } from '@city/platform-config';
import { servedAsOnboarded } from '@city/platform-kafka';
import type { WorkflowConfig } from '../../config';
import { OnboardedCityRepository } from '../onboarded-city.repository';

/**
 * The cities of the deployment as its administrators see them: what this service serves now (from
 * its files, or onboarded before its start and not overridden by a folder of its own), and every city onboarded through the API, each saying
 * whether it is served yet (a city onboarded is served from each service's next start).
 */
@Injectable()
export class ListCitiesUseCase {
  constructor(
    private readonly cities: OnboardedCityRepository,
    private readonly profiles: CityProfiles,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
  ) {}

  async execute(): Promise<CitiesView> {
    const onboarded = await this.cities.list();
    const served = servedCities(this.config);
    return {
      serving: served.map((city) => {
        const p = this.profiles.of(city);
        return {
          city,
          name: p.name,
          jurisdiction: p.jurisdiction,
          // From the city topic, unless an operator's folder of its own overrides it (files win).
          from: servedAsOnboarded(this.config, city) ? ('onboarded' as const) : ('files' as const),
        };
      }),
      onboarded: onboarded.map((c) => ({
        city: c.city,
        name: c.name,
        jurisdiction: c.jurisdiction,
        services: c.configuration.services.length,
        onboardedBy: c.onboardedBy,
        onboardedAt: c.onboardedAt.toISOString(),
        serving: served.includes(c.city),
      })),
    };
  }
}
