import { cityIdSchema, type FieldError, type ServiceDefinition } from '@city/contracts';
import { checkService } from '@city/platform-catalogue';
import { cityProfileSchema } from '@city/platform-config';
import { sharingAgreements } from '../routing/routing-book';
import { checkRoutingConfig, type RoutingConfig } from '../routing/routing-config';
import { workflowIdOf } from '../workflows/workflow-of-service';

/** A city to onboard, as the command reads it from files and the admin API from JSON. */
export interface CityInput {
  city: string;
  name: string;
  jurisdiction?: string;
  portalUrl?: string;
  languages?: string[];
  country?: string;
  compare?: boolean;
  /** Each service's definition, and where it came from (a file's name, or `services.3`). */
  services: ReadonlyArray<{ from: string; doc: unknown }>;
  /** Its routing file's content. */
  routing: unknown;
}

/** What the city is checked against: the cities there are, and (for the admin API) the served cities' routing. */
export interface CityContext {
  /** The national LGSL list. */
  lgsl: Set<string>;
  /** The cities there are already (served, with a folder, or onboarded): a city is onboarded once. */
  cities: ReadonlySet<string>;
  /** Every jurisdiction claimed, and the city claiming it. */
  jurisdictions: ReadonlyMap<string, string>;
  /** The workflows the city will run (the deployment's: a city onboarded brings none): each service's must be one. */
  workflows: ReadonlySet<string>;
  /** The cities served now and their routing: a hand-over must go to one of them that takes it over. */
  served?: { cities: readonly string[]; routingOf: (city: string) => RoutingConfig };
}

export type CityCheck =
  | {
      ok: true;
      /** Its `city.yaml`. */
      profile: Record<string, unknown>;
      services: ServiceDefinition[];
      routing: RoutingConfig;
    }
  | { ok: false; problems: FieldError[] };

/**
 * Checks a city to onboard as the workflow-service checks the deployment's configuration at start
 * (docs/multi-tenancy.md): its id, and that no city has it already; every service against the
 * contracts' schema, the national list and in every language, each code once, each running a
 * workflow there is; the routing file's
 * shape and meaning; every service a rule, a counter or a hand-over names offered by its catalogue;
 * each hand-over taken over by a city served; its profile as every service reads it; a jurisdiction
 * no other city claims. Every problem is said at once, each by its field.
 */
export function checkCity(c: CityInput, ctx: CityContext): CityCheck {
  const problems: FieldError[] = [];
  const idOk = cityIdSchema.safeParse(c.city).success;
  if (!idOk)
    problems.push({
      field: 'city',
      reason: `"${c.city}" is not an id (lower-case letters, digits and -, at most 64)`,
    });
  else if (ctx.cities.has(c.city))
    problems.push({ field: 'city', reason: `${c.city} is a city already; a city is onboarded once` });
  if (!c.name.trim()) problems.push({ field: 'name', reason: 'required' });

  const services: ServiceDefinition[] = [];
  for (const { from, doc } of c.services) {
    const checked = checkService(doc, ctx.lgsl);
    if (checked.ok) services.push(checked.service);
    else problems.push(...checked.problems.map((p) => ({ field: `${from}.${p.field}`, reason: p.reason })));
  }
  for (const [i, svc] of services.entries()) {
    const id = workflowIdOf(svc);
    if (!ctx.workflows.has(id))
      problems.push({
        field: `${c.services.find((x) => (x.doc as { code?: unknown })?.code === svc.code)?.from ?? `services.${i}`}.workflow`,
        reason: `no workflow ${id} (there are: ${[...ctx.workflows].sort().join(', ')})`,
      });
  }
  const codes = services.map((s) => s.code);
  for (const code of [...new Set(codes.filter((x, i) => codes.indexOf(x) !== i))])
    problems.push({ field: 'services', reason: `${code} is defined more than once` });
  if (c.services.length === 0)
    problems.push({ field: 'services', reason: 'a city offers at least one service' });

  const routing = checkRoutingConfig(c.routing);
  if (!routing.ok)
    problems.push(...routing.problems.map((p) => ({ field: `routing.${p.field}`, reason: p.reason })));
  if (routing.ok && services.length === c.services.length) {
    const offered = new Set(codes);
    const r = routing.routing;
    const named = [
      ...r.rules.flatMap((x) => x.when.services ?? []),
      ...(r.counters?.queues.flatMap((q) => q.services) ?? []),
      ...r.sharing.handOver.flatMap((h) => h.services),
    ];
    for (const code of [...new Set(named)].filter((x) => !offered.has(x)).sort())
      problems.push({
        field: 'routing',
        reason: `names service ${code}, which the catalogue does not offer`,
      });
  }
  if (routing.ok && ctx.served && idOk) {
    const cities = [...ctx.served.cities, c.city];
    const of = (city: string) => (city === c.city ? routing.routing : ctx.served!.routingOf(city));
    const mine = sharingAgreements(cities, of).problems.filter((p) => p.startsWith(`${c.city} `));
    problems.push(...mine.map((reason) => ({ field: 'routing.sharing.handOver', reason })));
  }

  const profile = {
    ...(c.name.trim() ? { name: c.name.trim() } : {}),
    ...(c.jurisdiction !== undefined ? { jurisdiction: c.jurisdiction } : {}),
    ...(c.portalUrl !== undefined ? { portalUrl: c.portalUrl } : {}),
    ...(c.languages !== undefined ? { languages: c.languages } : {}),
    ...(c.country !== undefined ? { country: c.country } : {}),
    ...(c.compare !== undefined ? { compare: c.compare } : {}),
  };
  const checked = cityProfileSchema.safeParse(profile);
  if (!checked.success)
    problems.push(
      ...checked.error.issues.map((i) => ({ field: i.path.join('.') || 'profile', reason: i.message })),
    );
  const jurisdiction = c.jurisdiction ?? c.city;
  const claimant = ctx.jurisdictions.get(jurisdiction);
  if (claimant && claimant !== c.city)
    problems.push({ field: 'jurisdiction', reason: `${jurisdiction} is ${claimant}'s already` });

  if (problems.length > 0 || !routing.ok) return { ok: false, problems };
  return { ok: true, profile, services, routing: routing.routing };
}
