import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { servedCities, type CitiesConfig, type PerCity } from './config';

/** What a city.yaml may say (docs/multi-tenancy.md). */
export const cityProfileSchema = z
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
    /**
     * Its citizen portal's address, e.g. https://meldingen.rotterdam.nl: a request's acknowledgement
     * links there to follow it, and a message's links open there. Unset: the deployment's.
     */
    portalUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The languages it speaks to its people, the first its own (en, nl, sv). Unset: all three, English first. */
    languages: z
      .array(z.enum(['en', 'nl', 'sv']))
      .min(1)
      .refine((l) => new Set(l).size === l.length, 'each language once')
      .optional(),
    /**
     * Whether it shares its self-assessment and standard-of-service figures with the deployment's
     * other cities that do, compared by the national service list (and so sees theirs). Unset: no.
     */
    compare: z.boolean().optional(),
    /** Its country (ISO 3166 alpha-2): a phone number written without + is read in it. Unset: the deployment's. */
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'two capital letters, e.g. NL')
      .optional(),
  })
  .strict();

/** What a city says of itself in `<CITIES_DIR>/<city>/city.yaml` (docs/multi-tenancy.md). */
export interface CityProfile {
  city: string;
  name: string;
  jurisdiction: string;
  /** Its portal's address without a trailing slash; undefined: the deployment's. */
  portalUrl?: string;
  languages: Array<'en' | 'nl' | 'sv'>;
  /** Shares its figures with the other comparing cities (and sees theirs). */
  compare: boolean;
  /** undefined: the deployment's (DEFAULT_COUNTRY). */
  country?: string;
}

/** The injection token of each served city's profile by its id (`cityProfilesById`, ConfigModule). */
export const CITY_PROFILES = Symbol('CITY_PROFILES');

/** Each served city's profile by its id (`loadCityProfiles`). */
export function cityProfilesById(config: CitiesConfig & { CITIES_DIR?: string }): PerCity<CityProfile> {
  const byId = new Map(loadCityProfiles(config).map((p) => [p.city, p]));
  return (city) => {
    const p = byId.get(city);
    if (!p) throw new Error(`no profile for city ${city}: not one this service serves`);
    return p;
  };
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
    return {
      city,
      name: p.name ?? city,
      jurisdiction: p.jurisdiction ?? city,
      ...(p.portalUrl ? { portalUrl: p.portalUrl.replace(/\/+$/, '') } : {}),
      languages: p.languages ?? ['en', 'nl', 'sv'],
      compare: p.compare ?? false,
      ...(p.country ? { country: p.country } : {}),
    };
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
