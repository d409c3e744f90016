import { parseArgs } from 'node:util';
import { citiesDir } from '@city/platform-config';
import { onboardCity } from './onboard-city';

const USAGE = `usage: npm run city -- add <city> --name <name> --catalogue <folder> --routing <file>
         [--jurisdiction <id>] [--portal-url <url>] [--languages sv,en] [--country SE] [--compare]
Checks the city's catalogue and routing file as the workflow-service checks the deployment's, and
writes <CITIES_DIR>/<city>/ (services/, routing.yaml, city.yaml) only if all is well
(CITIES_DIR: cities; LGSL_FILE: catalogue/reference/lgsl-services.csv).`;

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
  if (command !== 'add' || !city || !v.name || !v.catalogue || !v.routing) {
    console.error(USAGE);
    return 2;
  }
  const outcome = onboardCity(
    {
      city,
      name: v.name,
      catalogueDir: v.catalogue,
      routingFile: v.routing,
      jurisdiction: v.jurisdiction,
      portalUrl: v['portal-url'],
      languages: v.languages?.split(',').map((l) => l.trim()),
      country: v.country,
      compare: v.compare,
    },
    {
      citiesDir: citiesDir({ CITIES_DIR: process.env.CITIES_DIR }),
      lgslFile: process.env.LGSL_FILE ?? 'catalogue/reference/lgsl-services.csv',
    },
  );
  if (!outcome.ok) {
    console.error(`${city} is not onboarded; nothing was written:\n  ${outcome.problems.join('\n  ')}`);
    return 1;
  }
  console.log(`${city} onboarded in ${outcome.dir} (${outcome.services} services). Next:`);
  for (const step of outcome.next) console.log(`  - ${step}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
