import { parseArgs } from 'node:util';
import { citiesDir } from '@city/platform-config';
import { cityFile, onboardCity, type NewCity } from './onboard-city';

const USAGE = `usage: npm run city -- add|file <city> --name <name> --catalogue <folder> --routing <file>
         [--jurisdiction <id>] [--portal-url <url>] [--languages sv,en] [--country SE] [--compare]
add:  checks the city's catalogue and routing file as the workflow-service checks the deployment's,
      and writes <CITIES_DIR>/<city>/ (services/, routing.yaml, city.yaml) only if all is well
      (CITIES_DIR: cities; LGSL_FILE: catalogue/reference/lgsl-services.csv;
      WORKFLOWS_DIR: catalogue/workflows, the workflows a new city runs).
file: prints the city as the admin API takes it (POST /api/v1/cities, or the console's Cities
      screen), which checks it the same way and serves it after the services restart.`;

/** `npm run city -- add ...`: onboards a city as configuration (docs/multi-tenancy.md). */
function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        catalogue: { type: 'string' },
        routing: { type: 'string' },
        jurisdiction: { type: 'string' },
        'portal-url': { type: 'string' },
        languages: { type: 'string' },
        country: { type: 'string' },
        compare: { type: 'boolean' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [command, city] = positionals;
  if (!['add', 'file'].includes(command) || !city || !v.name || !v.catalogue || !v.routing) {
    console.error(USAGE);
    return 2;
  }
  const c: NewCity = {
    city,
    name: v.name,
    catalogueDir: v.catalogue,
    routingFile: v.routing,
    jurisdiction: v.jurisdiction,
    portalUrl: v['portal-url'],
    languages: v.languages?.split(',').map((l) => l.trim()),
    country: v.country,
    compare: v.compare,
  };
  if (command === 'file') {
    try {
      console.log(JSON.stringify(cityFile(c), null, 2));
      return 0;
    } catch (e) {
      console.error(`${city}: ${(e as Error).message}`);
      return 1;
    }
  }
  const outcome = onboardCity(c, {
    citiesDir: citiesDir({ CITIES_DIR: process.env.CITIES_DIR }),
    lgslFile: process.env.LGSL_FILE ?? 'catalogue/reference/lgsl-services.csv',
    workflowsDir: process.env.WORKFLOWS_DIR ?? 'catalogue/workflows',
  });
  if (!outcome.ok) {
    console.error(`${city} is not onboarded; nothing was written:\n  ${outcome.problems.join('\n  ')}`);
    return 1;
  }
  console.log(`${city} onboarded in ${outcome.dir} (${outcome.services} services). Next:`);
  for (const step of outcome.next) console.log(`  - ${step}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
