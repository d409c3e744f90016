import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { calendarProblems, type BusinessCalendar, type TargetSpec } from '@city/domain-calendar';
import type { Area, RoutingRule } from '@city/domain-routing';
import { sharingSchema, type Sharing } from '@city/platform-config';

const hours = z.object({ start: z.string(), end: z.string() }).strict();
const calendarSchema = z
  .object({
    id: z.string().min(1),
    timeZone: z.string().min(1),
    week: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(hours)),
    holidays: z.array(z.string()).default([]),
  })
  .strict();
const priority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** The city's routing, as its operations team writes it (catalogue/routing.yaml). */
export const routingConfigSchema = z
  .object({
    calendar: calendarSchema,
    /** Share of a target's time at which a warning goes out (0.75: at three quarters). */
    warnAt: z.number().gt(0).lt(1).default(0.75),
    /** A resolved case closes by itself after this, unless the citizen reopens it. */
    autoClose: z
      .object({
        value: z.number().positive(),
        unit: z.enum(['working-days', 'working-hours', 'calendar-days', 'hours']),
      })
      .strict()
      .default({ value: 5, unit: 'working-days' }),
    escalation: z
      .object({ default: z.string().min(1), byQueue: z.record(z.string(), z.string()).default({}) })
      .strict(),
    /** Town-hall counters: the offices, and the queues citizens take tickets for (a letter each). */
    counters: z
      .object({
        offices: z
          .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), name: z.string().min(1) }).strict())
          .min(1),
        queues: z
          .array(
            z
              .object({
                id: z.string().min(1),
                letter: z.string().regex(/^[A-Z]$/),
                services: z.array(z.string()).default([]),
              })
              .strict(),
          )
          .min(1),
        /** The queue of a service no queue lists. */
        defaultQueue: z.string().min(1),
        /** Minutes one visit takes until the day has its own figures. */
        minutesPerVisit: z.number().positive().default(8),
      })
      .strict()
      .optional(),
    areas: z
      .array(
        z
          .object({
            id: z.string().min(1),
            name: z.string().min(1),
            polygon: z.array(z.tuple([z.number(), z.number()])).min(3),
          })
          .strict(),
      )
      .default([]),
    rules: z
      .array(
        z
          .object({
            id: z.string().min(1),
            when: z
              .object({
                services: z.array(z.string()).optional(),
                areas: z.array(z.string()).optional(),
                hazard: z.boolean().optional(),
                supportNeeds: z.boolean().optional(),
                languages: z.array(z.string()).optional(),
                attributes: z.record(z.string(), z.array(z.string())).optional(),
              })
              .strict(),
            then: z
              .object({
                queue: z.string().optional(),
                priority: priority.optional(),
                skills: z.array(z.string()).optional(),
              })
              .strict(),
          })
          .strict(),
      )
      .default([]),
    /** Services worked across city borders, by agreement (`sharingSchema`). */
    sharing: sharingSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of calendarProblems(c.calendar as BusinessCalendar))
      ctx.addIssue({ code: 'custom', path: ['calendar'], message: p });
    const areaIds = new Set(c.areas.map((a) => a.id));
    c.rules.forEach((r, i) => {
      for (const a of r.when.areas ?? [])
        if (!areaIds.has(a))
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'when', 'areas'], message: `no area ${a}` });
    });
    if (new Set(c.rules.map((r) => r.id)).size !== c.rules.length)
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'rule ids must be unique' });
    if (c.counters) {
      const letters = c.counters.queues.map((q) => q.letter);
      if (new Set(letters).size !== letters.length)
        ctx.addIssue({
          code: 'custom',
          path: ['counters', 'queues'],
          message: 'each queue needs a letter of its own',
        });
      if (!c.counters.queues.some((q) => q.id === c.counters!.defaultQueue))
        ctx.addIssue({
          code: 'custom',
          path: ['counters', 'defaultQueue'],
          message: `no queue ${c.counters.defaultQueue}`,
        });
    }
  });

export interface RoutingConfig {
  calendar: BusinessCalendar;
  warnAt: number;
  autoClose: TargetSpec;
  escalation: { default: string; byQueue: Record<string, string> };
  counters?: {
    offices: Array<{ id: string; name: string }>;
    queues: Array<{ id: string; letter: string; services: string[] }>;
    defaultQueue: string;
    minutesPerVisit: number;
  };
  areas: Area[];
  rules: RoutingRule[];
  sharing: Sharing;
}

/** Reads and checks the routing file; every problem is reported at once, with where it is. */
export function loadRoutingConfig(file: string): RoutingConfig {
  const checked = checkRoutingConfig(parse(readFileSync(file, 'utf8')));
  if (!checked.ok)
    throw new Error(
      `${file} is not a valid routing file:\n` +
        checked.problems.map((p) => `  ${p.field}: ${p.reason}`).join('\n'),
    );
  return checked.routing;
}

/** Checks a routing file's content (a file read, or the admin API's JSON): every problem at once, by field. */
export function checkRoutingConfig(
  doc: unknown,
): { ok: true; routing: RoutingConfig } | { ok: false; problems: Array<{ field: string; reason: string }> } {
  const parsed = routingConfigSchema.safeParse(doc);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })),
    };
  return { ok: true, routing: routingOf(parsed.data) };
}

function routingOf(c: z.infer<typeof routingConfigSchema>): RoutingConfig {
  return {
    ...c,
    calendar: {
      ...c.calendar,
      week: Object.fromEntries(Object.entries(c.calendar.week).map(([d, h]) => [Number(d), h])),
    } as BusinessCalendar,
  };
}

/** The queue a breach escalates to. */
export const escalationQueue = (c: RoutingConfig, queue: string): string =>
  c.escalation.byQueue[queue] ?? c.escalation.default;

/**
 * The work queues the routing file names: its rules' queues, both ends of its escalations (the
 * queues that escalate, and where to), and the queues it takes other cities' services into. The
 * counters' queues are for tickets, not work items.
 */
export const routingQueues = (c: RoutingConfig): string[] => [
  ...new Set([
    ...c.rules.flatMap((r) => (r.then.queue ? [r.then.queue] : [])),
    c.escalation.default,
    ...Object.entries(c.escalation.byQueue).flat(),
    ...c.sharing.takeOver.map((t) => t.queue),
  ]),
];
