/**
 * The city's tile server, when it has one: a map is shown in the request form only then (tiles are
 * not reachable from everywhere the form runs). `url` is a Leaflet tile template
 * (`https://tiles.example/{z}/{x}/{y}.png`); `attribution` is plain text shown under the map.
 */
export interface MapTiles {
  url: string;
  attribution: string;
  maxZoom: number;
}

/** Where the map opens before a place is marked. */
export interface MapCentre {
  lat: number;
  long: number;
  zoom: number;
}

/** Where the map opens when a city gives tiles but no centre: the whole world. */
export const WORLD: MapCentre = { lat: 20, long: 0, zoom: 2 };

/** A coordinate as the form shows it: at most six decimals (about 10 cm), no trailing zeros. */
export const coordinateText = (n: number): string => String(Number(n.toFixed(6)));

/**
 * The place the coordinate fields give, as the request body reads them (a decimal comma is a
 * point), or null while either is blank, not a number or out of range.
 */
export function typedPlace(lat: string, long: string): { lat: number; long: number } | null {
  if (lat.trim() === '' || long.trim() === '') return null;
  const la = Number(lat.trim().replace(',', '.'));
  const lo = Number(long.trim().replace(',', '.'));
  if (!Number.isFinite(la) || !Number.isFinite(lo)) return null;
  if (Math.abs(la) > 90 || Math.abs(lo) > 180) return null;
  return { lat: la, long: lo };
}
