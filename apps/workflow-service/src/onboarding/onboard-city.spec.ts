import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cityFile, onboardCity, type NewCity } from './onboard-city';
import { workflowIdsIn } from '../workflows/workflow-of-service';
import { checkCity } from './check-city';
import { readLgslReference } from '@city/platform-catalogue';

const root = join(__dirname, '../../../..');
const lgslFile = join(root, 'catalogue/reference/lgsl-services.csv');

describe('onboarding a city as configuration', () => {
  let citiesDir: string;
  beforeEach(() => {
    citiesDir = mkdtempSync(join(tmpdir(), 'onboard-'));
    cpSync(join(root, 'cities'), citiesDir, { recursive: true });
  });
  afterEach(() => rmSync(citiesDir, { recursive: true, force: true }));
  const malmo = (over: Partial<NewCity> = {}): NewCity => ({
    city: 'malmo',
    name: 'Malmö stad',
    catalogueDir: join(root, 'cities/other-city/services'),
    routingFile: join(root, 'cities/other-city/routing.yaml'),
    jurisdiction: 'malmo.example',
    languages: ['sv', 'en'],
    country: 'SE',
    ...over,
  });

  it('writes its folder from a catalogue and a routing file that pass the checks, and says what comes next', () => {
    const outcome = onboardCity(malmo(), { citiesDir, lgslFile });
    expect(outcome).toMatchObject({ ok: true, dir: join(citiesDir, 'malmo'), services: 7 });
    expect(outcome.ok && outcome.next.join('\n')).toMatch(
      /CITIES[\s\S]*tenant attribute malmo[\s\S]*CITY=malmo/,
    );
    expect(readdirSync(join(citiesDir, 'malmo')).sort()).toEqual(['city.yaml', 'routing.yaml', 'services']);
    expect(readdirSync(join(citiesDir, 'malmo', 'services'))).toContain('pothole.yaml');
    expect(parse(readFileSync(join(citiesDir, 'malmo', 'city.yaml'), 'utf8'))).toEqual({
      name: 'Malmö stad',
      jurisdiction: 'malmo.example',
      languages: ['sv', 'en'],
      country: 'SE',
    });
    // No draft left beside the cities.
    expect(readdirSync(citiesDir).filter((d) => d.startsWith('.'))).toEqual([]);
  });

  it('writes nothing, and says every problem at once, when anything is wrong', () => {
    const bad = mkdtempSync(join(tmpdir(), 'bad-catalogue-'));
    cpSync(join(root, 'cities/other-city/services'), bad, { recursive: true });
    writeFileSync(
      join(bad, 'litter.yaml'),
      readFileSync(join(bad, 'litter.yaml'), 'utf8').replace(/lgslId: \d+/, 'lgslId: 999999'),
    );
    const outcome = onboardCity(
      malmo({
        city: 'Malmö',
        name: ' ',
        catalogueDir: bad,
        routingFile: join(root, 'catalogue/routing.yaml'),
        jurisdiction: 'goteborg.example',
        country: 'se',
      }),
      { citiesDir, lgslFile },
    );
    rmSync(bad, { recursive: true, force: true });
    expect(outcome.ok).toBe(false);
    const said = outcome.ok ? '' : outcome.problems.join('\n');
    expect(said).toMatch(/city: "Malmö" is not an id/);
    expect(said).toMatch(/name: required/);
    expect(said).toMatch(/catalogue: [\s\S]*litter/);
    expect(said).toMatch(/country: /);
    expect(said).toMatch(/jurisdiction: goteborg\.example is other-city's already/);
    expect(readdirSync(citiesDir).sort()).toEqual(['default', 'other-city']);
  });

  it("refuses a routing file that names a service the city's catalogue does not offer, and a city onboarded already", () => {
    const routing = onboardCity(malmo({ routingFile: join(root, 'catalogue/routing.yaml') }), {
      citiesDir,
      lgslFile,
    });
    expect(routing.ok ? [] : routing.problems).toContain(
      'routing: names service flytipping, which the catalogue does not offer',
    );
    expect(existsSync(join(citiesDir, 'malmo'))).toBe(false);
    const twice = onboardCity(malmo({ city: 'other-city', jurisdiction: 'elsewhere.example' }), {
      citiesDir,
      lgslFile,
    });
    expect(twice.ok ? [] : twice.problems).toEqual([
      'city: other-city is a city already; a city is onboarded once',
    ]);
  });

  it("makes the admin API's JSON from the same files, which passes the same checks", () => {
    const file = cityFile(malmo({ routingFile: join(root, 'catalogue/routing.yaml') }));
    expect(file).toMatchObject({
      city: 'malmo',
      name: 'Malmö stad',
      jurisdiction: 'malmo.example',
      country: 'SE',
    });
    const { services, routing, ...profile } = file as {
      services: unknown[];
      routing: unknown;
      city: string;
      name: string;
    };
    expect(services).toHaveLength(7);
    const checked = checkCity(
      { ...profile, services: services.map((doc, i) => ({ from: `services.${i}`, doc })), routing },
      {
        lgsl: readLgslReference(lgslFile),
        cities: new Set(['default']),
        jurisdictions: new Map(),
        workflows: workflowIdsIn(join(root, 'catalogue/workflows')),
      },
    );
    // The deployment's routing names services (flytipping among them) Göteborg's catalogue does not offer: said the same way.
    expect(checked.ok ? [] : checked.problems).toContainEqual({
      field: 'routing',
      reason: 'names service flytipping, which the catalogue does not offer',
    });
    expect(checked.ok ? [] : checked.problems.filter((p) => p.field !== 'routing')).toEqual([]);
  });
});
