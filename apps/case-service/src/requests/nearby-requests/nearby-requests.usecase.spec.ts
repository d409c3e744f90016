import { nearbyRequestsSchema } from '@city/contracts';
import type { CatalogueStore } from '@city/platform-kafka';
import { recordFixture, ref } from '../../record/record-fixture';
import { NearbyRequestsUseCase } from './nearby-requests.usecase';

/** The catalogue at its port: which services each city has (default, unless said) and how public their requests are. */
const catalogue = (ready: boolean, services: Array<{ code: string; open311?: unknown; city?: string }>) =>
  ({
    ready,
    all: (city: string) => services.filter((s) => (s.city ?? 'default') === city),
    get: (code: string, city: string) =>
      services.find((s) => s.code === code && (s.city ?? 'default') === city),
  }) as unknown as CatalogueStore;

/** A point this many metres north and east of another (near enough for a city). */
const offset = (p: { lat: number; long: number }, north: number, east: number) => ({
  lat: p.lat + north / 111_320,
  long: p.long + east / (111_320 * Math.cos((p.lat * Math.PI) / 180)),
});

describe('"already reported?": open reports of a service near a place', () => {
  const here = { lat: 51.5, long: -0.12 };
  const setup = (ready = true) => {
    const f = recordFixture();
    const services = [
      { code: 'pothole', open311: { public: true, location: 'exact' } },
      { code: 'missed-bin', open311: { public: true, location: 'coarse' } },
      { code: 'noise', open311: { public: true, location: 'none' } },
      { code: 'housing-repair' },
      { code: 'fly-posting', open311: { public: true, location: 'exact' }, city: 'other' },
    ];
    const nearby = new NearbyRequestsUseCase(f.record.caseRepository, catalogue(ready, services));
    return { ...f, nearby };
  };
  const at = (p: { lat: number; long: number }) => ({ lat: p.lat, long: p.long });

  it('lists the open ones within the radius, nearest first, with nothing personal', async () => {
    const { record, nearby } = setup();
    const due = new Date('2026-03-20T17:00:00Z');
    record.addCase({
      reference: ref('far'),
      ...at(offset(here, 400, 0)),
      description: 'Far away',
    });
    record.addCase({
      reference: ref('near'),
      ...at(offset(here, 30, 40)),
      status: 'in-progress',
      resolutionDueAt: due,
      description: 'My car hit it',
      address: '1 High Street',
      partyId: '3f1d1c70-0000-4000-8000-000000000001',
    });
    record.addCase({ reference: ref('nearer'), ...at(offset(here, 0, 20)), status: 'received' });
    for (const status of ['resolved', 'closed', 'withdrawn', 'duplicate', 'not-our-responsibility'] as const)
      record.addCase({ reference: ref(status), ...at(offset(here, 5, 0)), status });
    record.addCase({ reference: ref('other-service'), serviceCode: 'graffiti', ...at(here) });
    record.addCase({ reference: ref('other-city'), tenantId: 'other', ...at(here) });

    const out = await nearby.execute('default', { service: 'pothole', ...here, radius: 250 });
    expect(out.requests.map((r) => [r.reference, r.distanceMetres])).toEqual([
      [ref('nearer'), 20],
      [ref('near'), 50],
    ]);
    expect(out.count).toBe(2);
    expect(out.requests[1]).toEqual({
      reference: ref('near'),
      service: 'pothole',
      status: 'in-progress',
      receivedAt: expect.any(String),
      distanceMetres: 50,
      location: at(offset(here, 30, 40)),
      expectedBy: due.toISOString(),
    });
    expect(JSON.stringify(out)).not.toMatch(/car|High Street|3f1d1c70/);
    expect(nearbyRequestsSchema.safeParse(out).success).toBe(true);
    // A wider radius reaches the far one.
    expect((await nearby.execute('default', { service: 'pothole', ...here, radius: 1000 })).count).toBe(3);
  });

  it('gives at most twenty, the nearest', async () => {
    const { record, nearby } = setup();
    for (let i = 0; i < 30; i++) record.addCase({ reference: ref(`r${i}`), ...at(offset(here, 0, 100 - i)) });
    const out = await nearby.execute('default', { service: 'pothole', ...here, radius: 250 });
    expect(out.count).toBe(20);
    expect(out.requests[0].distanceMetres).toBe(71);
    expect(out.requests.at(-1)!.distanceMetres).toBe(90);
  });

  it('shows a coarse service at its rounded place, and measures to that', async () => {
    const { record, nearby } = setup();
    record.addCase({
      reference: ref('bin'),
      serviceCode: 'missed-bin',
      lat: 51.507234,
      long: -0.127612,
      propertyId: '100023336956',
      address: '14 Station Road',
    });
    const out = await nearby.execute('default', {
      service: 'missed-bin',
      lat: 51.507,
      long: -0.128,
      radius: 50,
    });
    expect(out.requests).toEqual([
      expect.objectContaining({
        reference: ref('bin'),
        location: { lat: 51.507, long: -0.128 },
        distanceMetres: 0,
      }),
    ]);
    expect(JSON.stringify(out)).not.toMatch(/Station|100023336956|51\.507234/);
  });

  it('refuses a service that is private, unknown or shown without a place, naming the field', async () => {
    const { nearby } = setup();
    for (const service of ['housing-repair', 'no-such-service', 'noise'])
      await expect(nearby.execute('default', { service, ...here, radius: 250 })).rejects.toMatchObject({
        kind: 'invalid',
        fields: [{ field: 'service' }],
      });
  });

  it("goes by the asking city's catalogue: another city's public service is unknown here", async () => {
    const { record, nearby } = setup();
    record.addCase({ reference: ref('theirs'), tenantId: 'other', serviceCode: 'fly-posting', ...at(here) });
    await expect(
      nearby.execute('default', { service: 'fly-posting', ...here, radius: 250 }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ field: 'service' }] });
    const theirs = await nearby.execute('other', { service: 'fly-posting', ...here, radius: 250 });
    expect(theirs.requests.map((r) => r.reference)).toEqual([ref('theirs')]);
  });

  it('is unavailable until the catalogue is read', async () => {
    await expect(
      setup(false).nearby.execute('default', { service: 'pothole', ...here, radius: 250 }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });
});
