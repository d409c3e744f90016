import { createEnvelope, cityConfiguredV1, TOPICS, type CityConfiguration } from '@city/contracts';
import type { OutboxItem } from '@city/platform-database';

/** A city's configuration as published to the compacted city topic (keyed by its id), through the outbox. */
export const cityConfigured = (c: CityConfiguration): OutboxItem => ({
  topic: TOPICS.cityConfigurations,
  key: c.city,
  event: createEnvelope(cityConfiguredV1, {
    tenantId: c.city,
    correlationId: `onboarding:${c.city}`,
    payload: c,
  }),
});
