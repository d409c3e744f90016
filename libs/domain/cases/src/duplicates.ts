export interface Place {
  lat: number | null;
  long: number | null;
  propertyId: string | null;
}

export interface Candidate extends Place {
  id: string;
  serviceCode: string;
  status: string;
  receivedAt: Date;
}

/** Great-circle distance in metres (haversine; within a city the error is centimetres). */
export function distanceMetres(a: { lat: number; long: number }, b: { lat: number; long: number }): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** How near a report must be to an open one of the same service to be the same problem. */
export const DEFAULT_DUPLICATE_RADIUS_METRES = 250;
export const SERVICE_DUPLICATE_RADIUS_METRES: Record<string, number> = {
  'street-lighting': 30, // lamp posts stand about 30 m apart: another post is another fault
  'missed-bin': 0, // only the same property
  pothole: 50,
  graffiti: 50,
  'dead-animal': 100,
  flytipping: 150,
};

export const radiusFor = (serviceCode: string, overrides: Record<string, number> = {}): number =>
  overrides[serviceCode] ?? SERVICE_DUPLICATE_RADIUS_METRES[serviceCode] ?? DEFAULT_DUPLICATE_RADIUS_METRES;

/** A bounding box around a point, for the database to narrow candidates before the exact distance. */
export function boundingBox(p: { lat: number; long: number }, metres: number) {
  const dLat = metres / 111_320;
  const dLong = metres / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLong: p.long - dLong, maxLong: p.long + dLong };
}

/**
 * The open case a new report duplicates, if any, as FixMyStreet does: only reports (not applications
 * or enquiries), the same service, still active; the same property id where both have one, else
 * within the service's radius. The nearest wins, then the oldest.
 */
export function findDuplicate(
  report: Place & { serviceCode: string; interaction: string },
  candidates: Candidate[],
  radiusMetres: number,
  activeStatuses: readonly string[],
): { caseId: string; distanceMetres: number | null; by: 'property' | 'distance' } | null {
  if (report.interaction !== 'reporting') return null;
  const pool = candidates.filter(
    (c) => c.serviceCode === report.serviceCode && activeStatuses.includes(c.status),
  );
  if (report.propertyId) {
    const same = pool
      .filter((c) => c.propertyId === report.propertyId)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    if (same.length) return { caseId: same[0].id, distanceMetres: null, by: 'property' };
  }
  if (report.lat === null || report.long === null || radiusMetres <= 0) return null;
  const here = { lat: report.lat, long: report.long };
  const near = pool
    .filter((c) => c.lat !== null && c.long !== null)
    .map((c) => ({ c, d: distanceMetres(here, { lat: c.lat!, long: c.long! }) }))
    .filter(({ d }) => d <= radiusMetres)
    .sort((a, b) => a.d - b.d || a.c.receivedAt.getTime() - b.c.receivedAt.getTime());
  return near.length ? { caseId: near[0].c.id, distanceMetres: Math.round(near[0].d), by: 'distance' } : null;
}

/** Grid cells of 0.01 degrees (about 1.1 km north-south): larger than any duplicate radius. */
const CELL = 0.01;

/**
 * The lock keys under which reports that could duplicate each other meet: the grid cells the search
 * box touches (at most four, as a cell is larger than the box) and the property id. Sorted, so that
 * transactions taking several never deadlock.
 */
export function duplicateLockKeys(
  tenantId: string,
  serviceCode: string,
  place: Place,
  radiusMetres: number,
): string[] {
  const keys: string[] = [];
  if (place.propertyId) keys.push(`${tenantId}/${serviceCode}/property/${place.propertyId}`);
  if (place.lat !== null && place.long !== null && radiusMetres > 0) {
    const box = boundingBox({ lat: place.lat, long: place.long }, radiusMetres);
    for (const lat of new Set([Math.floor(box.minLat / CELL), Math.floor(box.maxLat / CELL)])) {
      for (const long of new Set([Math.floor(box.minLong / CELL), Math.floor(box.maxLong / CELL)]))
        keys.push(`${tenantId}/${serviceCode}/cell/${lat}/${long}`);
    }
  }
  return keys.sort();
}
