import { malmoToOnboard } from '@city/platform-testing';
import { CityProfiles } from '@city/platform-config';
import type { WorkflowConfig } from '../../config';
import { InMemoryOnboardedCityRepository } from '../in-memory-onboarded-city.repository';
import { OnboardedCity } from '../onboarded-city.entity';
import { ListCitiesUseCase } from './list-cities.usecase';

describe("the deployment's cities, as its administrators see them", () => {
  it('says which cities come from files and which were onboarded, and which of those this service serves yet', async () => {
    const cities = new InMemoryOnboardedCityRepository();
    const row = (city: string, at: string) =>
      Object.assign(new OnboardedCity(), {
        city,
        name: city,
        jurisdiction: `${city}.example`,
        configuration: { ...malmoToOnboard({ city }), profile: {}, onboardedBy: 'admin-1', onboardedAt: at },
        onboardedBy: 'admin-1',
        onboardedAt: new Date(at),
      });
    await cities.add(row('malmo', '2026-12-01T10:00:00Z'));
    await cities.add(row('lund', '2026-12-02T10:00:00Z'));
    // This service started after Malmö was onboarded, before Lund was.
    const config = { TENANT_ID: 'default', CITIES: ['default', 'malmo'] } as unknown as WorkflowConfig;
    const profiles = CityProfiles.of([
      { city: 'default', name: 'Demo', jurisdiction: 'default', languages: ['en'], compare: false },
      { city: 'malmo', name: 'Malmö stad', jurisdiction: 'malmo.example', languages: ['sv'], compare: false },
    ]);
    const view = await new ListCitiesUseCase(cities, profiles, config).execute();
    expect(view.serving).toEqual([
      { city: 'default', name: 'Demo', jurisdiction: 'default', from: 'files' },
      { city: 'malmo', name: 'Malmö stad', jurisdiction: 'malmo.example', from: 'onboarded' },
    ]);
    expect(view.onboarded.map((c) => [c.city, c.serving])).toEqual([
      ['lund', false],
      ['malmo', true],
    ]);
  });
});
