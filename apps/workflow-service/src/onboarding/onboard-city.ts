import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { formatProblems, loadCatalogue, readLgslReference } from '@city/platform-catalogue';
import { cityProfileSchema, loadCityProfiles } from '@city/platform-config';
import { loadRoutingConfig } from '../routing/routing-config';

/** What a new city brings: its id, name and profile, its catalogue and its routing file. */
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

const CITY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Onboards a city as configuration (docs/multi-tenancy.md): its catalogue and routing file checked
 * as the workflow-service checks the deployment's at start (every service against the national
 * list, the routing file's shape and meaning, every service its rules and counters name offered by
 * the catalogue), its profile as every service reads it (a jurisdiction no other city claims), and
 * then, only if all is well, its folder `<citiesDir>/<city>/` written in one step. Nothing is
 * written when anything is wrong, and every problem is said at once. The city serves once CITIES
 * names it and the services restart.
 */
export function onboardCity(c: NewCity, o: { citiesDir: string; lgslFile: string }): Onboarding {
  const problems: string[] = [];
  if (!CITY_ID.test(c.city))
    problems.push(`city: "${c.city}" is not an id (lower-case letters, digits and -, at most 64)`);
  const dir = join(o.citiesDir, c.city);
  if (CITY_ID.test(c.city) && existsSync(dir))
    problems.push(`city: ${c.city} has a folder already (${dir}); a city is onboarded once`);
  if (!c.name.trim()) problems.push('name: required');

  const catalogue = existsSync(c.catalogueDir)
    ? loadCatalogue(c.catalogueDir, readLgslReference(o.lgslFile))
    : null;
  if (!catalogue) problems.push(`catalogue: no folder ${c.catalogueDir}`);
  else if (!catalogue.ok) problems.push(`catalogue: ${formatProblems(catalogue.problems).trim()}`);

  let routing: ReturnType<typeof loadRoutingConfig> | null = null;
  try {
    routing = loadRoutingConfig(c.routingFile);
  } catch (e) {
    problems.push(`routing: ${(e as Error).message}`);
  }
  if (routing && catalogue?.ok) {
    const offered = new Set(catalogue.services.map((s) => s.code));
    const named = [
      ...routing.rules.flatMap((r) => r.when.services ?? []),
      ...(routing.counters?.queues.flatMap((q) => q.services) ?? []),
      ...routing.sharing.handOver.flatMap((h) => h.services),
    ];
    for (const code of [...new Set(named)].filter((x) => !offered.has(x)).sort())
      problems.push(`routing: names service ${code}, which the catalogue does not offer`);
  }
  // Its profile as every service reads it, and a jurisdiction no other city in the folder claims.
  const profile = {
    name: c.name.trim(),
    ...(c.jurisdiction ? { jurisdiction: c.jurisdiction } : {}),
    ...(c.portalUrl ? { portalUrl: c.portalUrl } : {}),
    ...(c.languages ? { languages: c.languages } : {}),
    ...(c.country ? { country: c.country } : {}),
    ...(c.compare !== undefined ? { compare: c.compare } : {}),
  };
  const checked = cityProfileSchema.safeParse(profile);
  if (!checked.success)
    problems.push(...checked.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`));
  const others = existsSync(o.citiesDir)
    ? readdirSync(o.citiesDir).filter((d) => CITY_ID.test(d) && d !== c.city)
    : [];
  try {
    const jurisdiction = c.jurisdiction ?? c.city;
    const claimed = others.length
      ? loadCityProfiles({ TENANT_ID: others[0], CITIES: others, CITIES_DIR: o.citiesDir }).find(
          (p) => p.jurisdiction === jurisdiction,
        )
      : undefined;
    if (claimed) problems.push(`jurisdiction: ${jurisdiction} is ${claimed.city}'s already`);
  } catch (e) {
    problems.push(`the other cities' profiles: ${(e as Error).message}`);
  }
  if (problems.length > 0) return { ok: false, problems };

  // Written beside the others under a name no city can have, then moved into place in one step: a
  // failure part-way leaves no half-made city behind.
  mkdirSync(o.citiesDir, { recursive: true });
  const draft = join(o.citiesDir, `.draft-${c.city}-${process.pid}`);
  rmSync(draft, { recursive: true, force: true });
  try {
    mkdirSync(join(draft, 'services'), { recursive: true });
    for (const f of readdirSync(c.catalogueDir).filter((x) => /\.ya?ml$/.test(x)))
      copyFileSync(join(c.catalogueDir, f), join(draft, 'services', f));
    copyFileSync(c.routingFile, join(draft, 'routing.yaml'));
    writeFileSync(
      join(draft, 'city.yaml'),
      `# ${profile.name}: onboarded by npm run city -- add (docs/multi-tenancy.md).\n${stringify(profile)}`,
    );
    renameSync(draft, dir);
  } finally {
    rmSync(draft, { recursive: true, force: true });
  }
  return {
    ok: true,
    dir,
    services: catalogue?.ok ? catalogue.services.length : 0,
    next: [
      `add ${c.city} to CITIES (e.g. CITIES=<the cities served>,${c.city}) and restart the services`,
      `give its staff and citizens the tenant attribute ${c.city} in the identity provider`,
      `serve its portal with CITY=${c.city} (and its kiosks with city: ${c.city} in the clients file)`,
    ],
  };
}
