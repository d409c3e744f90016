import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CityConfiguration, OnboardCityRequest } from '@city/contracts';
import { readOnboardedCities } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { testKafka } from './catalogue-fixture';

/** The repository's root: the demo cities' files are read from there. */
const ROOT = resolve(__dirname, '../../../..');

/**
 * Malmö, a city to onboard in tests: Göteborg's demo catalogue and routing file (cities/other-city),
 * its hand-over of graffiti left out (nobody takes Malmö's graffiti over), as the admin API takes them.
 */
export function malmoToOnboard(over: Partial<OnboardCityRequest> = {}): OnboardCityRequest {
  const dir = join(ROOT, 'cities/other-city');
  const services = readdirSync(join(dir, 'services'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(join(dir, 'services', f), 'utf8')) as Record<string, unknown>);
  const routing = parse(readFileSync(join(dir, 'routing.yaml'), 'utf8')) as Record<string, unknown>;
  delete routing.sharing;
  return {
    city: 'malmo',
    name: 'Malmö stad',
    jurisdiction: 'malmo.example',
    languages: ['sv', 'en'],
    country: 'SE',
    services,
    routing,
    ...over,
  };
}

/** The cities on a run's city topic (what every service reads at its start), read whole. */
export const onboardedCitiesOn = (prefix: string, brokers: string[]): Promise<CityConfiguration[]> =>
  readOnboardedCities(testKafka(prefix, brokers, 'onboarded-cities'), createLogger('test', 'silent'));
