import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityOf, open311VisibilityOf } from '@city/contracts';
import YAML from 'yaml';
import {
  canonicalJson,
  checkService,
  loadCatalogue,
  missingTranslations,
  readLgslReference,
} from './catalogue-files';

const root = join(__dirname, '../../../..');
const lgsl = readLgslReference(join(root, 'catalogue/reference/lgsl-services.csv'));

describe("each city's own catalogue in the repository (cities/<city>/services)", () => {
  const own = existsSync(join(root, 'cities'))
    ? readdirSync(join(root, 'cities')).filter((c) => existsSync(join(root, 'cities', c, 'services')))
    : [];

  it('the demo has a second city with a catalogue of its own', () => {
    expect(own).toContain('other-city');
  });

  it.each(own)('%s: valid, with every problem named if not', (city) => {
    const r = loadCatalogue(join(root, 'cities', city, 'services'), lgsl);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });
});

describe('the city catalogue in the repository', () => {
  const result = loadCatalogue(join(root, 'catalogue/services'), lgsl);

  it('is valid, with every problem named if not', () => {
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('has at least 25 services across reporting, applications and information requests', () => {
    const services = result.ok ? result.services : [];
    expect(services.length).toBeGreaterThanOrEqual(25);
    const kinds = new Set(services.map((s) => s.interaction));
    expect([...kinds]).toEqual(
      expect.arrayContaining(['reporting', 'applications-for-service', 'providing-information']),
    );
    for (const code of [
      'missed-bin',
      'pothole',
      'street-lighting',
      'flytipping',
      'graffiti',
      'parking-permit',
      'bulky-waste',
      'council-tax-discount',
    ]) {
      expect(services.map((s) => s.code)).toContain(code);
    }
  });

  it('names every service in English, Dutch and Swedish', () => {
    for (const s of result.ok ? result.services : [])
      expect(Object.keys(s.name).sort()).toEqual(['en', 'nl', 'sv']);
  });

  it('has every text a citizen sees in English, Dutch and Swedish: questions, hints, answers, promises', () => {
    const services = result.ok ? result.services : [];
    expect(services.length).toBeGreaterThan(25);
    expect(services.flatMap((s) => missingTranslations(s).map((m) => `${s.code}: ${m.field}`))).toEqual([]);
  });

  it('lets Open311 show street-level reports, never a personal service, and a missed bin only to about 100 m', () => {
    const services = result.ok ? result.services : [];
    const publicOnes = services.filter((s) => open311VisibilityOf(s).public);
    for (const code of ['pothole', 'graffiti', 'street-lighting', 'flytipping', 'missed-bin'])
      expect(publicOnes.map((s) => s.code)).toContain(code);
    // Applications and questions are about a person (a council home, a badge, a bill, a complaint): none is public.
    expect(publicOnes.filter((s) => s.interaction !== 'reporting').map((s) => s.code)).toEqual([]);
    for (const code of [
      'housing-repair',
      'blue-badge',
      'council-tax-bill',
      'council-tax-discount',
      'complaint',
      'disabled-facilities-grant',
      'noise',
    ]) {
      expect(open311VisibilityOf(services.find((s) => s.code === code)).public).toBe(false);
    }
    expect(open311VisibilityOf(services.find((s) => s.code === 'missed-bin')).location).toBe('coarse');
  });

  it('asks a sign-in for permits and benefits, a contact for every other application, nothing of a street report', () => {
    const services = result.ok ? result.services : [];
    const by = (rule: string) =>
      services
        .filter((s) => identityOf(s) === rule)
        .map((s) => s.code)
        .sort();
    expect(by('signed-in')).toEqual([
      'blue-badge',
      'bus-pass-older',
      'council-tax-discount',
      'disabled-facilities-grant',
      'parking-permit',
    ]);
    // Every application the city must answer reaches the person, whether the file says so or not.
    for (const s of services.filter((x) => x.interaction === 'applications-for-service'))
      expect([s.code, identityOf(s)]).not.toEqual([s.code, 'anonymous']);
    for (const code of ['complaint', 'council-tax-bill', 'bulky-waste', 'housing-repair'])
      expect(identityOf(services.find((s) => s.code === code)!)).toBe('contact');
    for (const s of services.filter((x) => x.interaction === 'reporting'))
      expect([s.code, identityOf(s)]).toEqual([s.code, 'anonymous']);
  });

  it("gives a permit's decision six weeks to be reopened (to object), and a street report the city's period", () => {
    const services = result.ok ? result.services : [];
    expect(
      services
        .filter((s) => s.reopenWithin)
        .map((s) => [s.code, s.reopenWithin])
        .sort(),
    ).toEqual([
      ['dropped-kerb', { value: 42, unit: 'calendar-days' }],
      ['parking-permit', { value: 42, unit: 'calendar-days' }],
    ]);
    // Absent: the city's autoClose (catalogue/routing.yaml) applies.
    expect(services.find((s) => s.code === 'pothole')!.reopenWithin).toBeUndefined();
  });

  it('names for every service a workflow that is in catalogue/workflows', () => {
    const missing = (result.ok ? result.services : [])
      .filter((s) => !s.workflow || !existsSync(join(root, `catalogue/workflows/${s.workflow}.yaml`)))
      .map((s) => `${s.code}: ${s.workflow ?? 'none'}`);
    expect(missing).toEqual([]);
  });
});

describe('a service whose texts are not all translated', () => {
  it('is refused, naming each text and the languages it lacks', () => {
    const doc = YAML.parse(readFileSync(join(root, 'catalogue/services/pothole.yaml'), 'utf8')) as {
      attributes: Array<{ description: Record<string, string> }>;
    };
    delete doc.attributes[0].description.sv;
    const checked = checkService(doc, lgsl);
    expect(checked).toEqual({
      ok: false,
      problems: [{ field: 'attributes.depth.description', reason: expect.stringMatching(/^no sv text/) }],
    });
    expect(checkService(doc, lgsl, ['en', 'nl']).ok).toBe(true);
  });
});

describe('loadCatalogue refuses a bad catalogue whole', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'catalogue-'));
  const pothole = readFileSync(join(root, 'catalogue/services/pothole.yaml'), 'utf8');

  it('names the file, the field and the reason', () => {
    const d = dir();
    writeFileSync(join(d, 'pothole.yaml'), pothole.replace('datatype: singlevaluelist', 'datatype: colour'));
    const r = loadCatalogue(d, lgsl);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatchObject({ file: 'pothole.yaml', field: 'attributes.0.datatype' });
  });

  it('refuses an LGSL id that is not in the national list', () => {
    const d = dir();
    writeFileSync(join(d, 'pothole.yaml'), pothole.replace('lgslId: 557', 'lgslId: 99999'));
    const r = loadCatalogue(d, lgsl);
    expect(!r.ok && r.problems).toEqual([expect.objectContaining({ field: 'lgslId' })]);
  });

  it('refuses a file not named after its code, and broken YAML', () => {
    const d = dir();
    writeFileSync(join(d, 'holes.yaml'), pothole);
    writeFileSync(join(d, 'broken.yaml'), 'code: [');
    const r = loadCatalogue(d, lgsl);
    expect(!r.ok && r.problems.map((p) => p.file).sort()).toEqual(['broken.yaml', 'holes.yaml']);
  });
});

describe('canonicalJson', () => {
  it('is the same for the same content whatever the order of keys, and differs for other content', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
