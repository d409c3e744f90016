import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ContactCosts } from './channel-shift';

export const CONTACT_COSTS = Symbol('CONTACT_COSTS');

const cost = z.number().min(0).max(10_000);
const schema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    perContact: z.object({ web: cost, phone: cost, kiosk: cost, counter: cost }).strict(),
  })
  .strict();

/** The city's cost of one contact on each channel, from its file, checked at start. */
export function loadContactCosts(file: string): ContactCosts {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
