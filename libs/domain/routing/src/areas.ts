/** A district or ward of the city, as a polygon of [lat, long] corners. */
export interface Area {
  id: string;
  name: string;
  polygon: Array<[number, number]>;
}

/** Whether a point lies inside a polygon (ray casting; a point on an edge may go either way). */
export function insidePolygon(
  point: { lat: number; long: number },
  polygon: Array<[number, number]>,
): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [yi, xi] = polygon[i];
    const [yj, xj] = polygon[j];
    if (yi > point.lat !== yj > point.lat && point.long < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

/** The first area that holds the point, or null (no location, or outside every area). */
export function areaOf(
  point: { lat: number | null; long: number | null } | null,
  areas: Area[],
): Area | null {
  if (!point || point.lat === null || point.long === null) return null;
  const p = { lat: point.lat, long: point.long };
  return areas.find((a) => insidePolygon(p, a.polygon)) ?? null;
}
