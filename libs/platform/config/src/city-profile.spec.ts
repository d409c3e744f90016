import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cityPart } from './config';
import { loadCityProfiles } from './city-profile';

describe("a city's own configuration", () => {
  let dir: string;
  const write = (city: string, file: string, text: string) => {
    mkdirSync(join(dir, city), { recursive: true });
    writeFileSync(join(dir, city, file), text);
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cities-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads each served city's city.yaml; a city without one is named by its id, its id its jurisdiction", () => {
    write('rotterdam', 'city.yaml', 'name: Gemeente Rotterdam\njurisdiction: rotterdam.nl\n');
    expect(
      loadCityProfiles({ TENANT_ID: 'rotterdam', CITIES: ['rotterdam', 'goteborg'], CITIES_DIR: dir }),
    ).toEqual([
      {
        city: 'rotterdam',
        name: 'Gemeente Rotterdam',
        jurisdiction: 'rotterdam.nl',
        languages: ['en', 'nl', 'sv'],
        compare: false,
      },
      {
        city: 'goteborg',
        name: 'goteborg',
        jurisdiction: 'goteborg',
        languages: ['en', 'nl', 'sv'],
        compare: false,
      },
    ]);
  });

  it('reads its portal, languages and country', () => {
    write('goteborg', 'city.yaml', 'portalUrl: https://tyck.example.se/\nlanguages: [sv, en]\ncountry: SE\n');
    expect(loadCityProfiles({ TENANT_ID: 'goteborg', CITIES_DIR: dir })).toEqual([
      {
        city: 'goteborg',
        name: 'goteborg',
        jurisdiction: 'goteborg',
        portalUrl: 'https://tyck.example.se',
        languages: ['sv', 'en'],
        compare: false,
        country: 'SE',
      },
    ]);
    write('goteborg', 'city.yaml', 'portalUrl: ftp://x\nlanguages: [sv, sv]\ncountry: se\n');
    expect(() => loadCityProfiles({ TENANT_ID: 'goteborg', CITIES_DIR: dir })).toThrow(
      /portalUrl: [\s\S]*languages: each language once[\s\S]*country: two capital letters/,
    );
  });

  it('stops with every problem said: a field not known, a bad jurisdiction, one jurisdiction claimed twice', () => {
    write('a', 'city.yaml', 'jurisdiction: shared.example\n');
    write('b', 'city.yaml', 'jurisdiction: shared.example\n');
    write('c', 'city.yaml', 'jurisdiction: "no spaces"\nmotto: x\n');
    expect(() => loadCityProfiles({ TENANT_ID: 'a', CITIES: ['a', 'b', 'c'], CITIES_DIR: dir })).toThrow(
      /c[/\\]city\.yaml: jurisdiction: [\s\S]*c[/\\]city\.yaml: \(root\): Unrecognized key[\s\S]*shared\.example is claimed by both a and b/,
    );
  });

  it("takes a city's own part where it brings one, else the deployment's", () => {
    write('b', 'routing.yaml', 'x: 1\n');
    expect(cityPart({ CITIES_DIR: dir }, 'b', 'routing.yaml', 'catalogue/routing.yaml')).toBe(
      join(dir, 'b', 'routing.yaml'),
    );
    expect(cityPart({ CITIES_DIR: dir }, 'a', 'routing.yaml', 'catalogue/routing.yaml')).toBe(
      'catalogue/routing.yaml',
    );
  });
});
