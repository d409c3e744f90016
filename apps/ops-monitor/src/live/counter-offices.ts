import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { z } from 'zod';

/** The city's town-hall counters as its routing file sets them: offices, queues, the default minutes per visit. */
export interface CounterOffices {
  offices: Array<{ id: string; name: string }>;
  queues: string[];
  /** Minutes one visit takes until the day has its own figures. */
  minutesPerVisit: number;
  /** The city's time zone: a ticket's number belongs to its local day. */
  timeZone: string;
}
export const COUNTER_OFFICES = Symbol('COUNTER_OFFICES');

const schema = z.object({
  calendar: z.object({ timeZone: z.string().min(1) }),
  counters: z
    .object({
      offices: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) })),
      queues: z.array(z.object({ id: z.string().min(1) })),
      minutesPerVisit: z.number().positive().default(8),
    })
    .optional(),
});

/** Read from the routing file the workflow-service works by (a city without counters has none). */
export function loadCounterOffices(file: string): CounterOffices {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: the counters are not valid: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`,
    );
  const c = parsed.data.counters;
  return {
    offices: c?.offices ?? [],
    queues: c?.queues.map((q) => q.id) ?? [],
    minutesPerVisit: c?.minutesPerVisit ?? 8,
    timeZone: parsed.data.calendar.timeZone,
  };
}

/** The city's local date at a moment (the day ticket numbers belong to). */
export const localDay = (c: CounterOffices, at: Date): string =>
  DateTime.fromJSDate(at, { zone: c.timeZone }).toISODate()!;
