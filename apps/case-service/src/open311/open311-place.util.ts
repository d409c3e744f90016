import type { Open311Location } from '@city/contracts';

export interface Open311Place {
  lat: number | null;
  long: number | null;
  address: string | null;
  addressId: string | null;
}

/** Three decimals of a degree: about 110 m of latitude, 70 m of longitude in northern Europe. */
const coarse = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);

/**
 * What Open311 shows of where a request is, as its service's catalogue entry says: the place as
 * reported; a place rounded to about 100 m with no street address or property id (a missed bin
 * points at someone's home); or nothing.
 */
export function open311Place(
  location: Open311Location,
  c: { lat: number | null; long: number | null; address: string | null; propertyId: string | null },
): Open311Place {
  if (location === 'exact') return { lat: c.lat, long: c.long, address: c.address, addressId: c.propertyId };
  if (location === 'coarse')
    return { lat: coarse(c.lat), long: coarse(c.long), address: null, addressId: null };
  return { lat: null, long: null, address: null, addressId: null };
}
