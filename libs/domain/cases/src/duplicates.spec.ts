import { ACTIVE_STATUSES } from './lifecycle';
import {
  boundingBox,
  distanceMetres,
  duplicateLockKeys,
  findDuplicate,
  radiusFor,
  type Candidate,
} from './duplicates';

const at = (lat: number, long: number, extra: Partial<Candidate> = {}): Candidate => ({
  id: `c-${lat}-${long}`,
  serviceCode: 'flytipping',
  status: 'open',
  receivedAt: new Date('2026-11-01'),
  lat,
  long,
  propertyId: null,
  ...extra,
});
const report = (lat: number | null, long: number | null, extra: Record<string, unknown> = {}) => ({
  serviceCode: 'flytipping',
  interaction: 'reporting',
  lat,
  long,
  propertyId: null,
  ...extra,
});
// 0.001 degrees of latitude is about 111 m.

describe('duplicate matching', () => {
  it('measures distance in metres', () => {
    expect(distanceMetres({ lat: 51.5, long: -0.12 }, { lat: 51.501, long: -0.12 })).toBeCloseTo(111.2, 0);
  });

  it('links a report to the nearest open one of the same service within the radius', () => {
    const r = findDuplicate(
      report(51.5, -0.12),
      [at(51.5012, -0.12), at(51.5005, -0.12), at(51.5, -0.12, { serviceCode: 'graffiti' })],
      150,
      ACTIVE_STATUSES,
    );
    expect(r).toEqual({ caseId: 'c-51.5005--0.12', distanceMetres: 56, by: 'distance' });
  });

  it('ignores cases too far, resolved or of another service', () => {
    expect(findDuplicate(report(51.5, -0.12), [at(51.503, -0.12)], 150, ACTIVE_STATUSES)).toBeNull();
    expect(
      findDuplicate(report(51.5, -0.12), [at(51.5001, -0.12, { status: 'resolved' })], 150, ACTIVE_STATUSES),
    ).toBeNull();
  });

  it('the same property id matches wherever the pin was dropped', () => {
    const r = findDuplicate(
      report(null, null, { serviceCode: 'missed-bin', propertyId: '100023336956' }),
      [at(52, 0, { serviceCode: 'missed-bin', propertyId: '100023336956' })],
      0,
      ACTIVE_STATUSES,
    );
    expect(r).toEqual({ caseId: 'c-52-0', distanceMetres: null, by: 'property' });
  });

  it('applications and enquiries are never duplicates', () => {
    expect(
      findDuplicate(
        report(51.5, -0.12, { interaction: 'applications-for-service' }),
        [at(51.5, -0.12)],
        150,
        ACTIVE_STATUSES,
      ),
    ).toBeNull();
  });

  it('radius per service, overridable; a bounding box that contains the circle', () => {
    expect(radiusFor('street-lighting')).toBe(30);
    expect(radiusFor('noise')).toBe(250);
    expect(radiusFor('noise', { noise: 80 })).toBe(80);
    const box = boundingBox({ lat: 51.5, long: -0.12 }, 250);
    expect(
      distanceMetres({ lat: 51.5, long: -0.12 }, { lat: box.maxLat, long: -0.12 }),
    ).toBeGreaterThanOrEqual(249);
    expect(
      distanceMetres({ lat: 51.5, long: -0.12 }, { lat: 51.5, long: box.maxLong }),
    ).toBeGreaterThanOrEqual(249);
  });
});

describe('duplicate lock keys', () => {
  it('two reports close enough to be duplicates always share a key, even across a cell edge', () => {
    for (let i = 0; i < 500; i++) {
      const a = { lat: 51 + Math.random() * 0.1, long: Math.random() * 0.1, propertyId: null };
      const b = {
        lat: a.lat + (Math.random() - 0.5) * 0.004,
        long: a.long + (Math.random() - 0.5) * 0.004,
        propertyId: null,
      };
      if (distanceMetres({ lat: a.lat, long: a.long }, { lat: b.lat, long: b.long }) > 150) continue;
      const ka = duplicateLockKeys('t', 's', a, 150);
      const kb = duplicateLockKeys('t', 's', b, 150);
      expect(ka.some((k) => kb.includes(k))).toBe(true);
    }
  });

  it('far-apart reports and other services take other keys; keys are sorted', () => {
    const a = duplicateLockKeys('t', 'pothole', { lat: 51.5, long: 0.5, propertyId: 'u1' }, 50);
    expect(a).toEqual([...a].sort());
    expect(a).toContain('t/pothole/property/u1');
    expect(
      duplicateLockKeys('t', 'pothole', { lat: 52.5, long: 0.5, propertyId: null }, 50).some((k) =>
        a.includes(k),
      ),
    ).toBe(false);
    expect(
      duplicateLockKeys('t', 'graffiti', { lat: 51.5, long: 0.5, propertyId: null }, 50).some((k) =>
        a.includes(k),
      ),
    ).toBe(false);
  });
});
