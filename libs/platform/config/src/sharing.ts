import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { cityIdSchema } from '@city/contracts';
import { cityPart, servedCities, type CitiesConfig } from './config';

/**
 * Services worked across city borders, by agreement (docs/multi-tenancy.md), as a routing file's
 * `sharing` says them: what this city hands to another city's queues, and what it takes over from
 * others (into which of its queues). Both cities say so, each in its own file; the workflow-service
 * checks at start that they agree, so a hand-over it serves is an agreement in force.
 */
export const sharingSchema = z
  .object({
    handOver: z
      .array(z.object({ services: z.array(z.string().min(1)).min(1), to: cityIdSchema }).strict())
      .default([]),
    takeOver: z
      .array(
        z
          .object({
            from: cityIdSchema,
            services: z.array(z.string().min(1)).min(1),
            queue: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const handed = s.handOver.flatMap((h) => h.services);
    for (const dup of handed.filter((x, i) => handed.indexOf(x) !== i))
      ctx.addIssue({
        code: 'custom',
        path: ['handOver'],
        message: `${dup} is handed over twice: one city works a service`,
      });
    const taken = s.takeOver.flatMap((t) => t.services.map((x) => `${t.from}/${x}`));
    for (const dup of taken.filter((x, i) => taken.indexOf(x) !== i))
      ctx.addIssue({
        code: 'custom',
        path: ['takeOver'],
        message: `${dup} is taken over twice: its cases go to one queue`,
      });
  })
  .default({ handOver: [], takeOver: [] });

export type Sharing = z.infer<typeof sharingSchema>;

/** A service of one city worked by another. */
export interface HandedService {
  /** The city whose case it is (its record, service level, calendar). */
  owner: string;
  service: string;
}

/**
 * The agreements in force between the served cities, by their hand-overs: who works which city's
 * service. What the case-service asks before a city's staff read or act on another city's case.
 */
export class SharingAgreements {
  constructor(private readonly byCity: ReadonlyMap<string, Sharing>) {}

  static none(): SharingAgreements {
    return new SharingAgreements(new Map());
  }

  /** The city that works an owner's service, or null: the owner works it. */
  workerOf(owner: string, service: string): string | null {
    return this.byCity.get(owner)?.handOver.find((h) => h.services.includes(service))?.to ?? null;
  }

  /** The cities that work some of an owner's services now. */
  workersFor(owner: string): string[] {
    return [...new Set(this.byCity.get(owner)?.handOver.map((h) => h.to) ?? [])];
  }

  /** What a city works for other cities now. */
  workedBy(worker: string): HandedService[] {
    return [...this.byCity].flatMap(([owner, s]) =>
      s.handOver
        .filter((h) => h.to === worker)
        .flatMap((h) => h.services.map((service) => ({ owner, service }))),
    );
  }
}

/**
 * Each served city's agreements, from the `sharing` of its routing file (its own, else the
 * deployment's `sharedRoutingFile`), read at start; the rest of the file is the workflow-service's
 * to read and check.
 */
export function loadSharingAgreements(
  config: CitiesConfig & { CITIES_DIR?: string },
  sharedRoutingFile: string,
): SharingAgreements {
  return new SharingAgreements(
    new Map(
      servedCities(config).map((city) => {
        const file = cityPart(config, city, 'routing.yaml', sharedRoutingFile);
        const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as { sharing?: unknown };
        const parsed = sharingSchema.safeParse(doc.sharing);
        if (!parsed.success)
          throw new Error(
            `${file} is not a valid routing file:\n` +
              parsed.error.issues.map((i) => `  sharing.${i.path.join('.')}: ${i.message}`).join('\n'),
          );
        return [city, parsed.data];
      }),
    ),
  );
}
