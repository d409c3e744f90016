import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { servedCities, type CitiesConfig } from './config';

const cityProfileSchema = z
  .object({
    /** The city's name as its people read it, e.g. Gemeente Rotterdam. */
    name: z.string().min(1).max(200).optional(),
    /**
     * Its Open311 `jurisdiction_id` (GeoReport v2: the endpoint's jurisdiction, often its domain),
     * e.g. rotterdam.nl. Unset: the city's id.
     */
    jurisdiction: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:-]+$/, 'letters, digits and . : - _ only')
      .optional(),
  })
  .strict();

/** What a city says of itself in `<CITIES_DIR>/<city>/city.yaml` (docs/multi-tenancy.md). */
export interface CityProfile {
  city: string;
  name: string;
  jurisdiction: string;
}

/**
 * Every served city's profile, from its `city.yaml` (none is needed: a city without one is named by
 * its id and has its id as its jurisdiction). A file that is not valid, or two cities claiming one
 * jurisdiction, stop the service at start with every problem said.
 */
export function loadCityProfiles(config: CitiesConfig & { CITIES_DIR?: string }): CityProfile[] {
  const problems: string[] = [];
  const profiles = servedCities(config).map((city) => {
    const file = join(config.CITIES_DIR ?? 'cities', city, 'city.yaml');
    const read = existsSync(file)
      ? cityProfileSchema.safeParse(parse(readFileSync(file, 'utf8')) ?? {})
      : null;
    if (read && !read.success)
      problems.push(
        ...read.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`),
      );
    const p = read?.success ? read.data : {};
    return { city, name: p.name ?? city, jurisdiction: p.jurisdiction ?? city };
  });
  const seen = new Map<string, string>();
  for (const p of profiles) {
    const other = seen.get(p.jurisdiction);
    if (other) problems.push(`jurisdiction ${p.jurisdiction} is claimed by both ${other} and ${p.city}`);
    seen.set(p.jurisdiction, p.city);
  }
  if (problems.length > 0)
    throw new Error(`the cities' profiles cannot be used:\n  ${problems.join('\n  ')}`);
  return profiles;
}
