import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readLgslReference } from '@city/platform-catalogue';
import { cityFolders, writeCityFolder } from '@city/platform-config';
import { workflowIdsIn } from '../workflows/workflow-of-service';
import { checkCity } from './check-city';

/** What a new city brings to the command: its id, name and profile, its catalogue and its routing file. */
export interface NewCity {
  /** Its id: the `tenant` of its people's tokens and of every row and event, as in CITIES. */
  city: string;
  name: string;
  /** A folder of service files (one YAML each), checked as the deployment's catalogue is. */
  catalogueDir: string;
  /** Its routing file: calendar and holidays, areas, rules, escalations, counters. */
  routingFile: string;
  jurisdiction?: string;
  portalUrl?: string;
  languages?: string[];
  country?: string;
  compare?: boolean;
}

export type Onboarding =
  { ok: true; dir: string; services: number; next: string[] } | { ok: false; problems: string[] };

/**
 * Onboards a city as configuration files (`npm run city -- add`, docs/multi-tenancy.md): checked by
 * `checkCity`, as the admin API checks one, against the cities with a folder in `citiesDir`; then,
 * only if all is well, its folder `<citiesDir>/<city>/` written in one step. Nothing is written when
 * anything is wrong, and every problem is said at once. The city serves once CITIES names it and
 * the services restart.
 */
export function onboardCity(
  c: NewCity,
  o: { citiesDir: string; lgslFile: string; workflowsDir?: string },
): Onboarding {
  const files = readCityFiles(c);
  const problems = [...files.problems];
  for (const { file, doc } of files.services) {
    const code = (doc as { code?: unknown } | null)?.code;
    if (code !== file.replace(/\.ya?ml$/, ''))
      problems.push(`catalogue: ${file}: code: file must be named ${String(code)}.yaml`);
  }
  const services = files.services.map(({ file, doc }) => ({ from: `catalogue: ${file}`, doc }));
  const routing = files.routing;

  const others = cityFolders(o.citiesDir);
  if (others.problem) problems.push(`the other cities' profiles: ${others.problem}`);
  const jurisdictions = new Map(others.profiles.map((p) => [p.jurisdiction, p.city]));
  const checked = checkCity(
    { ...c, services, routing },
    {
      lgsl: readLgslReference(o.lgslFile),
      cities: new Set(others.cities),
      jurisdictions,
      // A city onboarded brings no workflows of its own: it runs the deployment's.
      workflows: workflowIdsIn(o.workflowsDir ?? 'catalogue/workflows'),
    },
  );
  if (!checked.ok) problems.push(...checked.problems.map((p) => `${p.field}: ${p.reason}`));
  if (problems.length > 0 || !checked.ok) return { ok: false, problems };

  const dir = writeCityFolder(
    o.citiesDir,
    c.city,
    { profile: checked.profile, services: checked.services, routing: routing as Record<string, unknown> },
    `${c.name.trim()}: onboarded by npm run city -- add (docs/multi-tenancy.md).`,
  );
  return {
    ok: true,
    dir,
    services: checked.services.length,
    next: [
      `add ${c.city} to CITIES (e.g. CITIES=<the cities served>,${c.city}) and restart the services`,
      ...nextSteps(c.city),
    ],
  };
}

/**
 * The admin API's JSON for a city (`POST /api/v1/cities`, or the console's Cities screen) made from
 * the files the command takes (`npm run city -- file`): its services and routing file read as they
 * are, unchecked (the API checks them, as the command does).
 */
export function cityFile(c: NewCity): Record<string, unknown> {
  const files = readCityFiles(c);
  if (files.problems.length > 0) throw new Error(files.problems.join('\n'));
  return {
    city: c.city,
    name: c.name,
    ...(c.jurisdiction !== undefined ? { jurisdiction: c.jurisdiction } : {}),
    ...(c.portalUrl !== undefined ? { portalUrl: c.portalUrl } : {}),
    ...(c.languages !== undefined ? { languages: c.languages } : {}),
    ...(c.country !== undefined ? { country: c.country } : {}),
    ...(c.compare !== undefined ? { compare: c.compare } : {}),
    services: files.services.map((s) => s.doc),
    routing: files.routing,
  };
}

/**
 * A new city's service files (each `*.yaml` of its catalogue folder, by name) and routing file, read
 * as they are: a folder or file missing, or not YAML, is a problem said by its name.
 */
function readCityFiles(c: NewCity): {
  services: Array<{ file: string; doc: unknown }>;
  routing: unknown;
  problems: string[];
} {
  const problems: string[] = [];
  const read = (file: string): unknown => {
    try {
      return parse(readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      return undefined;
    }
  };
  const services: Array<{ file: string; doc: unknown }> = [];
  if (!existsSync(c.catalogueDir)) problems.push(`catalogue: no folder ${c.catalogueDir}`);
  else
    for (const file of readdirSync(c.catalogueDir)
      .filter((x) => /\.ya?ml$/.test(x))
      .sort()) {
      const doc = read(join(c.catalogueDir, file));
      if (doc !== undefined) services.push({ file, doc });
    }
  if (!existsSync(c.routingFile)) problems.push(`routing: no file ${c.routingFile}`);
  const routing = existsSync(c.routingFile) ? read(c.routingFile) : undefined;
  return { services, routing, problems };
}

/** What is left to do for a city onboarded, beyond its configuration. */
export const nextSteps = (city: string): string[] => [
  `give its staff and citizens the tenant attribute ${city} in the identity provider`,
  `serve its portal with CITY=${city} (and its kiosks with city: ${city} in the clients file)`,
];
