import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { cityIdSchema } from '@city/contracts';
import { edgeConfigShape } from './edge-config';

/** The injection token of an app's validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** What a production secret must not be: missing, a demo value, a placeholder, or short. */
export function secretProblem(value: string | undefined): string | null {
  if (value === undefined || value === '') return 'is not set; a production deployment needs its own secret';
  if (/demo/i.test(value)) return 'is a demo value; set a secret of your own';
  if (/^change-?me/i.test(value)) return 'still starts with change-me; set a secret of your own';
  if (Buffer.byteLength(value) < 32)
    return 'is shorter than 32 bytes; use a long random secret (e.g. openssl rand -base64 32)';
  return null;
}

/**
 * Reads and validates configuration from the environment, once, at start-up. The only place in an
 * app that reads process.env. Every problem is reported at once, each with its variable name.
 * With NODE_ENV=production, each of `secrets` must be set in the environment (never a default) to a
 * value that is not a demo value, does not start with change-me, and is at least 32 bytes long; and
 * each of `required` must be set (its default is for development only).
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  opts: { secrets?: readonly string[]; required?: readonly string[] } = {},
): z.infer<S> {
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  if (env.NODE_ENV === 'production') {
    // Settings whose development default would be wrong anywhere real (e.g. an identity provider on localhost).
    for (const name of opts.required ?? [])
      if (!env[name])
        problems.push(`${name}: is not set; production names its own (the default is for development)`);
    for (const name of [...PLATFORM_SECRETS, ...(opts.secrets ?? [])]) {
      const problem = secretProblem(env[name]);
      if (problem) problems.push(`${name}: ${problem}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/** Comma-separated list, e.g. KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9094. */
export const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1));

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Where the cities' own files are when CITIES_DIR does not say. */
export const DEFAULT_CITIES_DIR = 'cities';
/** The folder of the cities' own files: CITIES_DIR, else `cities`. */
export const citiesDir = (config: { CITIES_DIR?: string }): string => config.CITIES_DIR ?? DEFAULT_CITIES_DIR;

/** Settings every service shares. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The city this service serves when it serves one (and the first of CITIES when it serves several). */
  TENANT_ID: z.string().min(1).max(64).default('default'),
  /**
   * Every city this deployment serves, comma-separated (docs/multi-tenancy.md); unset, TENANT_ID
   * alone. A request's city comes from the caller (`@City()`), and must be one of these.
   */
  CITIES: z
    .string()
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(cityIdSchema)),
  /**
   * Where each city's own files are: `<CITIES_DIR>/<city>/` holds what it does not share with the
   * deployment's (services/, routing.yaml, workflows/, templates/, city.yaml); see `cityPart`.
   */
  CITIES_DIR: z.string().default(DEFAULT_CITIES_DIR),
  KAFKA_BROKERS: csv('127.0.0.1:9092'),
  /** Prepended to every topic name; tests use it so that runs do not collide. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /**
   * Where the service sends its traces (Zipkin's v2 JSON API), e.g. http://127.0.0.1:9411/api/v2/spans.
   * Unset or empty: no tracing at all (@city/platform-tracing).
   */
  TRACING_ZIPKIN_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .optional()
    .transform((v) => v || undefined),
  /** The share of new traces kept, 0 to 1; a request that arrives with a trace follows its caller's choice. */
  TRACING_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  /** TRUSTED_PROXIES, RATE_LIMITS, RATE_LIMIT_PREFIX: the limits of the anonymous HTTP routes (edge-config.ts). */
  ...edgeConfigShape,
  /**
   * The bearer token Prometheus sends to scrape `/metrics`. Unset, `/metrics` is open: keep it inside
   * the cluster's network then (k8s/ allows only the gateway, the console and the portal from outside).
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Off only to measure what metrics cost (the metrics benchmark): nothing is counted or served. */
  METRICS_ENABLED: bool(true),
  /**
   * The secret of the data keys that seal personal events on Kafka (docs/personal-data.md): long and
   * random (`openssl rand -base64 32`), the same in every service of a deployment; the master key is
   * derived from it. Unset, events go in the clear (development only: production refuses to start
   * without it).
   */
  PRIVACY_MASTER_KEY: z
    .string()
    .optional()
    .transform((v) => v || undefined),
});

/** Secrets every service of a production deployment must be given (checked as `loadConfig`'s secrets). */
export const PLATFORM_SECRETS = ['PRIVACY_MASTER_KEY'] as const;
/** What every service's config holds. */
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** What of a config says which cities a service serves (for a use case that needs no more of it). */
export interface CitiesConfig {
  TENANT_ID: string;
  CITIES?: readonly string[];
}

/** The cities a service serves: CITIES, or TENANT_ID alone when CITIES is not set. */
export const servedCities = (config: CitiesConfig): readonly string[] =>
  config.CITIES && config.CITIES.length > 0 ? config.CITIES : [config.TENANT_ID];

/**
 * A city's own file or folder of its configuration (`<CITIES_DIR>/<city>/<part>`), or, when the city
 * brings none, the deployment's shared one (`shared`, e.g. catalogue/routing.yaml).
 */
export function cityPart(
  config: { CITIES_DIR?: string },
  city: string,
  part: string,
  shared: string,
): string {
  const own = join(citiesDir(config), city, part);
  return existsSync(own) ? own : shared;
}

/** A part of every served city's configuration, by city (`loadPerCity`). */
export type PerCity<T> = (city: string) => T;

/**
 * A part of each served city's configuration (its own `<CITIES_DIR>/<city>/<part>`, else the
 * deployment's `shared`), every city's read and checked by `load` at start, so that a broken file of
 * any city stops the service before it serves; looked up by city after. A city not served is the
 * caller's fault (requests are checked before), and throws.
 */
export function loadPerCity<T>(
  config: CitiesConfig & { CITIES_DIR?: string },
  part: string,
  shared: string,
  load: (file: string, city: string) => T,
): PerCity<T> {
  const byCity = new Map(
    servedCities(config).map((city) => [city, load(cityPart(config, city, part, shared), city)]),
  );
  return (city) => {
    if (!byCity.has(city)) throw new Error(`no ${part} for city ${city}: not one this service serves`);
    return byCity.get(city) as T;
  };
}
