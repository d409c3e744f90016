import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ONBOARDED_MARK } from '@city/platform-kafka';
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
    // This service started after Malmö was onboarded, before Lund was: Malmö's folder written from the
    // city topic; Lund's its operator's own.
    const dir = mkdtempSync(join(tmpdir(), 'cities-'));
    mkdirSync(join(dir, 'malmo'));
    writeFileSync(join(dir, 'malmo', ONBOARDED_MARK), 'admin-1\n');
    mkdirSync(join(dir, 'lund'));
    const config = {
      TENANT_ID: 'default',
      CITIES: ['default', 'malmo'],
      CITIES_DIR: dir,
    } as unknown as WorkflowConfig;
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
    // Served later from the operator's folder, Lund comes from files, onboarded or not.
    const later = { ...config, CITIES: ['default', 'malmo', 'lund'] } as unknown as WorkflowConfig;
    const withLund = CityProfiles.of([
      ...profiles.all(),
      { city: 'lund', name: 'Lunds kommun', jurisdiction: 'lund.example', languages: ['sv'], compare: false },
    ]);
    const after = await new ListCitiesUseCase(cities, withLund, later).execute();
    expect(after.serving.map((c) => [c.city, c.from])).toEqual([
      ['default', 'files'],
      ['malmo', 'onboarded'],
      ['lund', 'files'],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
