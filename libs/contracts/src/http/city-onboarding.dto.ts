import { z } from 'zod';
import { cityIdSchema } from '../city-id';

/**
 * A city to onboard through the admin API (`POST /api/v1/cities`, docs/multi-tenancy.md): what the
 * command `npm run city -- add` takes, as JSON. Its services and routing file are checked as the
 * workflow-service checks the deployment's at start, each problem named by its field.
 */
export const onboardCityRequestSchema = z
  .object({
    /** Its id: the `tenant` of its people's tokens, of every row and every event. */
    city: cityIdSchema,
    name: z.string().trim().min(1).max(200),
    jurisdiction: z.string().min(1).max(200).optional(),
    portalUrl: z.string().min(1).max(500).optional(),
    languages: z.array(z.string()).min(1).max(3).optional(),
    country: z.string().optional(),
    compare: z.boolean().optional(),
    /** Its catalogue: one definition per service, as a service file holds it (`version` 1 to start). */
    services: z.array(z.record(z.string(), z.unknown())).min(1).max(500),
    /** Its routing file, as JSON. */
    routing: z.record(z.string(), z.unknown()),
  })
  .strict()
  .superRefine((body, ctx) => {
    // No store keeps a NUL character in a text: said here, by the field, not as a database error.
    const walk = (v: unknown, path: Array<string | number>): void => {
      if (typeof v === 'string') {
        if (v.includes('\u0000')) ctx.addIssue({ code: 'custom', path, message: 'holds a NUL character' });
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k.includes('\u0000'))
            ctx.addIssue({ code: 'custom', path, message: 'a key holds a NUL character' });
          walk(x, [...path, k]);
        }
    };
    walk(body, []);
  });
export type OnboardCityRequest = z.infer<typeof onboardCityRequestSchema>;

/** What `POST /api/v1/cities` answers: the city onboarded, and what is left to do (in English). */
export interface CityOnboardedAnswer {
  city: string;
  services: number;
  onboardedBy: string;
  onboardedAt: string;
  next: string[];
}

/** A city onboarded through the admin API, as `GET /api/v1/cities` lists it. */
export interface OnboardedCityView {
  city: string;
  name: string;
  jurisdiction: string;
  services: number;
  onboardedBy: string;
  onboardedAt: string;
  /**
   * Whether the service that answered serves it already. A city onboarded is served by each service
   * from its next start (a rollout); until then it is stored and waiting.
   */
  serving: boolean;
}

/** The cities a deployment serves, as its administrators see them. */
export interface CitiesView {
  /** What the service that answered serves now, the deployment's own city first. */
  serving: Array<{ city: string; name: string; jurisdiction: string; from: 'files' | 'onboarded' }>;
  /** Every city onboarded through the API, the newest first. */
  onboarded: OnboardedCityView[];
}
