import { EventContract, EventEnvelope, parseEnvelope } from '../envelope';
import { ServiceDefinition, serviceDefinitionSchema } from '../catalogue/service-definition';

/** The current definition of one service, on the compacted catalogue topic (a null value deletes it). */
export const CATALOGUE_SERVICE_PUBLISHED = 'CatalogueServicePublished' as const;
export type CatalogueServicePublishedV1 = EventEnvelope<
  typeof CATALOGUE_SERVICE_PUBLISHED,
  ServiceDefinition
>;

export const catalogueServicePublishedV1: EventContract<
  typeof CATALOGUE_SERVICE_PUBLISHED,
  ServiceDefinition
> = {
  type: CATALOGUE_SERVICE_PUBLISHED,
  version: 1,
  schema: serviceDefinitionSchema as unknown as EventContract<
    typeof CATALOGUE_SERVICE_PUBLISHED,
    ServiceDefinition
  >['schema'],
  example: {
    eventId: '5b0e3c3e-8a0f-4d1e-9a57-0c3f9d3d2a11',
    type: CATALOGUE_SERVICE_PUBLISHED,
    version: 1,
    occurredAt: '2026-11-27T09:00:00.000Z',
    tenantId: 'default',
    correlationId: 'catalogue-publish-2026-11-27',
    causationId: null,
    payload: {
      code: 'pothole',
      version: 1,
      active: true,
      lgslId: 557,
      lgilId: 17,
      interaction: 'reporting',
      group: 'Roads and pavements',
      keywords: ['pothole', 'road', 'hole'],
      name: { en: 'Pothole', nl: 'Gat in de weg', sv: 'Potthål' },
      description: { en: 'Report a pothole in a road.' },
      attributes: [
        {
          code: 'depth',
          datatype: 'singlevaluelist',
          required: true,
          order: 1,
          description: { en: 'How deep is it?' },
          values: [
            { key: 'shallow', name: { en: 'Less than 5 cm' } },
            { key: 'deep', name: { en: '5 cm or more' } },
          ],
        },
      ],
      locationRequired: true,
      channels: ['web', 'phone', 'kiosk', 'counter'],
      sla: {
        resolution: { value: 5, unit: 'working-days' },
        promise: { en: 'We aim to repair it within 5 working days.' },
      },
      defaultQueue: 'highways',
    },
  },
};

/** A catalogue topic value as the definition it carries, or why it is not one (for readers to skip it). */
export function decodeCatalogueEntry(value: Buffer): ServiceDefinition | { error: string } {
  const parsed = parseEnvelope<typeof CATALOGUE_SERVICE_PUBLISHED, ServiceDefinition>(value, [
    catalogueServicePublishedV1,
  ]);
  return parsed.ok ? parsed.value.payload : { error: parsed.reason };
}
