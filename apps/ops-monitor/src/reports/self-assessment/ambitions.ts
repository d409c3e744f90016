import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Ambition } from './self-assessment';

const percent = z.number().min(0).max(100);
const targets = {
  offerOnline: z.boolean().optional(),
  digitalTakeUpPercent: percent.optional(),
  withinSlaPercent: percent.optional(),
};

/** The city's ambitions as an administrator gives them (and as the seed file holds them). */
export const ambitionsSchema = z
  .object({
    city: z.object(targets).strict().default({}),
    services: z
      .array(z.object({ lgslId: z.number().int().positive(), ...targets }).strict())
      .max(2000)
      .default([])
      .refine((s) => new Set(s.map((x) => x.lgslId)).size === s.length, 'each LGSL id once'),
    /** Why they changed, for the record. */
    reason: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AmbitionsInput = z.infer<typeof ambitionsSchema>;

/** The input as rows: the city's (`lgslId` null) and each service's. */
export function ambitionsOf(input: AmbitionsInput): Ambition[] {
  const row = (lgslId: number | null, t: Partial<Record<keyof typeof targets, unknown>>): Ambition => ({
    lgslId,
    offerOnline: (t.offerOnline as boolean | undefined) ?? null,
    digitalTakeUpPercent: (t.digitalTakeUpPercent as number | undefined) ?? null,
    withinSlaPercent: (t.withinSlaPercent as number | undefined) ?? null,
  });
  return [row(null, input.city), ...input.services.map((s) => row(s.lgslId, s))];
}

/** The ambitions of the seed file, checked like an administrator's. */
export function loadAmbitionsFile(file: string): Ambition[] {
  const parsed = ambitionsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return ambitionsOf(parsed.data);
}

/** The national service list's names by LGSL id (the reference file's slugs). */
export function loadLgslNames(file: string): Map<number, string> {
  const [, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return new Map(rows.map((r) => r.split(',')).map(([id, slug]) => [Number(id), slug]));
}
