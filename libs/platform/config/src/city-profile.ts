import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { isCityId } from '@city/contracts';
import { citiesDir, servedCities, type CitiesConfig } from './config';

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

/**
 * The served cities' profiles (their city.yaml files, read and checked at start), by id and by
 * Open311 jurisdiction. Injected as itself (ConfigModule provides it to every service of the
 * platform); `CityProfiles.of` makes one from profiles given, for tests.
 */
export class CityProfiles {
  private readonly byJurisdictionId: ReadonlyMap<string, CityProfile>;

  private constructor(private readonly byId: ReadonlyMap<string, CityProfile>) {
    this.byJurisdictionId = new Map([...byId.values()].map((p) => [p.jurisdiction, p]));
  }

  static load(config: CitiesConfig & { CITIES_DIR?: string }): CityProfiles {
    return CityProfiles.of(loadCityProfiles(config));
  }

  static of(profiles: CityProfile[]): CityProfiles {
    return new CityProfiles(new Map(profiles.map((p) => [p.city, p])));
  }

  /** A served city's profile; a city not served is the caller's fault (requests are checked before), and throws. */
  of(city: string): CityProfile {
    const p = this.byId.get(city);
    if (!p) throw new Error(`no profile for city ${city}: not one this service serves`);
    return p;
  }

  /** Every served city's profile. */
  all(): CityProfile[] {
    return [...this.byId.values()];
  }

  /** The city whose Open311 jurisdiction this is, if one is served. */
  byJurisdiction(jurisdiction: string): CityProfile | undefined {
    return this.byJurisdictionId.get(jurisdiction);
  }
}

/**
 * Every served city's profile, from its `city.yaml` (none is needed: a city without one is named by
 * its id and has its id as its jurisdiction). A file that is not valid, or two cities claiming one
 * jurisdiction, stop the service at start with every problem said.
 */
export function loadCityProfiles(config: CitiesConfig & { CITIES_DIR?: string }): CityProfile[] {
  const problems: string[] = [];
  const profiles = servedCities(config).map((city) => {
    const file = join(citiesDir(config), city, 'city.yaml');
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

/**
 * The cities with a folder of their own under `dir`, served or not yet named in CITIES, and their
 * profiles: what an onboarding may not take again (an id, a jurisdiction). A profile that cannot be
 * read is said in `problem` (the profiles are then empty), never thrown: the command reports it, the
 * admin API leaves it to the deployment's own start, which refuses it.
 */
export function cityFolders(dir: string): { cities: string[]; profiles: CityProfile[]; problem?: string } {
  const cities = existsSync(dir) ? readdirSync(dir).filter(isCityId).sort() : [];
  if (cities.length === 0) return { cities, profiles: [] };
  try {
    return { cities, profiles: loadCityProfiles({ TENANT_ID: cities[0], CITIES: cities, CITIES_DIR: dir }) };
  } catch (e) {
    return { cities, profiles: [], problem: (e as Error).message };
  }
}
