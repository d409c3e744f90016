import { z } from 'zod';

/**
 * A city's id (docs/multi-tenancy.md): the `tenant` of its people's tokens, of every row and every
 * event, its folder's name under CITIES_DIR and what CITIES lists. One spelling for every place that
 * checks one.
 */
export const cityIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -, starting with a letter or digit');

/** Whether a name is a city's id (a folder under CITIES_DIR that is a city's, say). */
export const isCityId = (name: string): boolean => cityIdSchema.safeParse(name).success;
