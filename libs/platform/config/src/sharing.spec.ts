import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharingAgreements } from './sharing';

describe("the cities' sharing agreements, as their routing files say them", () => {
  let dir: string;
  const write = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sharing-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("tells who works a city's service, and what a city works for others", () => {
    write(
      'shared-routing.yaml',
      'rules: []\nsharing:\n  takeOver: [{ from: goteborg, services: [graffiti], queue: regional }]\n',
    );
    write(
      'cities/goteborg/routing.yaml',
      'sharing:\n  handOver: [{ services: [graffiti, noise], to: default }]\n',
    );
    const agreements = loadSharingAgreements(
      { TENANT_ID: 'default', CITIES: ['default', 'goteborg'], CITIES_DIR: join(dir, 'cities') },
      join(dir, 'shared-routing.yaml'),
    );
    expect(agreements.workerOf('goteborg', 'graffiti')).toBe('default');
    expect(agreements.workerOf('goteborg', 'potholes')).toBeNull();
    expect(agreements.workerOf('default', 'graffiti')).toBeNull();
    expect(agreements.workedBy('default')).toEqual([
      { owner: 'goteborg', service: 'graffiti' },
      { owner: 'goteborg', service: 'noise' },
    ]);
    expect(agreements.workedBy('goteborg')).toEqual([]);
    expect(agreements.workersFor('goteborg')).toEqual(['default']);
    expect(agreements.workersFor('default')).toEqual([]);
  });

  it('a file without sharing hands nothing over; a broken one stops the start, saying where', () => {
    write('shared-routing.yaml', 'rules: []\n');
    write(
      'cities/goteborg/routing.yaml',
      'sharing:\n  handOver: [{ services: [graffiti], to: default }, { services: [graffiti], to: malmo }]\n',
    );
    const config = { TENANT_ID: 'default', CITIES: ['default'], CITIES_DIR: join(dir, 'cities') };
    expect(loadSharingAgreements(config, join(dir, 'shared-routing.yaml')).workedBy('default')).toEqual([]);
    expect(() =>
      loadSharingAgreements({ ...config, CITIES: ['default', 'goteborg'] }, join(dir, 'shared-routing.yaml')),
    ).toThrow(
      /goteborg\/routing.yaml is not a valid routing file:\n {2}sharing.handOver: graffiti is handed over twice/,
    );
  });
});
