import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { CaseOpenedV1 } from '@city/contracts';
import { areaOf, type Area } from '@city/domain-routing';
import type { PerCity } from '@city/platform-config';

/** The district (area id) of its city a case's location falls in, or null. */
export type DistrictOf = (city: string, location: CaseOpenedV1['payload']['location']) => string | null;
export const DISTRICT_OF = Symbol('DISTRICT_OF');

const areasSchema = z.object({
  areas: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        polygon: z.array(z.tuple([z.number(), z.number()])).min(3),
      }),
    )
    .default([]),
});

/** The city's districts, read from its routing file (the same areas the routing rules name). */
export function loadDistricts(file: string): Area[] {
  const parsed = areasSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: the areas are not valid: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`,
    );
  return parsed.data.areas;
}

/** Each city's districts, as its own routing file names them. */
export const districtOfAreas =
  (areas: PerCity<Area[]>): DistrictOf =>
  (city, location) =>
    areaOf(location, areas(city))?.id ?? null;
