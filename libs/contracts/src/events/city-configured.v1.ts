import { z } from 'zod';
import { cityIdSchema } from '../city-id';
import { EventContract, EventEnvelope, parseEnvelope } from '../envelope';

/**
 * A city onboarded through the admin API (docs/multi-tenancy.md), on the compacted city topic keyed by
 * its id: what its folder `<CITIES_DIR>/<city>/` would hold (its profile as `city.yaml`, its services
 * as `services/<code>.yaml`, its routing file), checked by the workflow-service before it was stored.
 * Every service reads the topic whole at its start and serves the cities on it beside its own files.
 */
export const CITY_CONFIGURED = 'CityConfigured' as const;

export const cityConfigurationSchema = z
  .object({
    city: cityIdSchema,
    /** Its `city.yaml`: name, jurisdiction, portal address, languages, country, comparison. */
    profile: z.record(z.string(), z.unknown()),
    /** Its catalogue: each service's definition, as a service file holds it. */
    services: z.array(z.record(z.string(), z.unknown())).min(1),
    /** Its routing file: calendar and holidays, areas, rules, escalations, counters, sharing. */
    routing: z.record(z.string(), z.unknown()),
    /** The administrator who onboarded it. */
    onboardedBy: z.string().min(1),
    onboardedAt: z.iso.datetime(),
  })
  .strict();
export type CityConfiguration = z.infer<typeof cityConfigurationSchema>;
export type CityConfiguredV1 = EventEnvelope<typeof CITY_CONFIGURED, CityConfiguration>;

export const cityConfiguredV1: EventContract<typeof CITY_CONFIGURED, CityConfiguration> = {
  type: CITY_CONFIGURED,
  version: 1,
  schema: cityConfigurationSchema as unknown as EventContract<
    typeof CITY_CONFIGURED,
    CityConfiguration
  >['schema'],
  example: {
    eventId: '0c4b3f1e-2a6d-4f0b-9b1e-5d7c2e8a9f10',
    type: CITY_CONFIGURED,
    version: 1,
    occurredAt: '2026-12-03T10:00:00.000Z',
    tenantId: 'malmo',
    correlationId: 'onboarding:malmo',
    causationId: null,
    payload: {
      city: 'malmo',
      profile: { name: 'Malmö stad', jurisdiction: 'malmo.example', languages: ['sv', 'en'], country: 'SE' },
      services: [{ code: 'pothole', version: 1 }],
      routing: { calendar: { id: 'malmo-office-hours' } },
      onboardedBy: 'admin-1',
      onboardedAt: '2026-12-03T10:00:00.000Z',
    },
  },
};

/** A city topic value as the configuration it carries, or why it is not one (for readers to skip it). */
export function decodeCityConfiguration(value: Buffer): CityConfiguration | { error: string } {
  const parsed = parseEnvelope<typeof CITY_CONFIGURED, CityConfiguration>(value, [cityConfiguredV1]);
  return parsed.ok ? parsed.value.payload : { error: parsed.reason };
}
