import { z } from 'zod';
import { CHANNELS, LANGUAGES, UPDATE_CHANNELS } from '../channels';
import { EventContract, EventEnvelope } from '../envelope';
import { INTERACTION_TYPES } from '../catalogue/service-definition';
import { REFERENCE_PATTERN } from '../reference';

/**
 * A case was opened from a citizen's request, on any channel. Topic: case.events.v1, keyed by case id.
 * The workflow-service routes it; the notification-service tells the citizen.
 */
export const CASE_OPENED = 'CaseOpened' as const;

export const CASE_STATUSES = [
  'received',
  'open',
  'in-progress',
  'waiting-for-citizen',
  'resolved',
  'closed',
  'duplicate',
  'not-our-responsibility',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const caseOpenedV1PayloadSchema = z.object({
  caseId: z.uuid(),
  reference: z.string().regex(REFERENCE_PATTERN),
  service: z.object({
    code: z.string(),
    version: z.number().int(),
    lgslId: z.number().int(),
    interaction: z.enum(INTERACTION_TYPES),
    defaultQueue: z.string(),
  }),
  status: z.enum(CASE_STATUSES),
  channel: z.enum(CHANNELS),
  citizenId: z.uuid().nullable(),
  preferredChannel: z.enum(UPDATE_CHANNELS),
  language: z.enum(LANGUAGES),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  location: z
    .object({
      lat: z.number().nullable(),
      long: z.number().nullable(),
      address: z.string().nullable(),
      propertyId: z.string().nullable(),
    })
    .nullable(),
  /** The citizen asked for support (a vulnerability flag); routing may use it. */
  supportNeeds: z.boolean(),
  /** Set when the report was linked at once to an open case of the same problem; the citizen follows that one. */
  duplicateOf: z
    .object({
      caseId: z.uuid(),
      reference: z.string().regex(REFERENCE_PATTERN),
      distanceMetres: z.number().nullable(),
    })
    .nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
  openedAt: z.iso.datetime({ offset: true }),
});
export type CaseOpenedV1Payload = z.infer<typeof caseOpenedV1PayloadSchema>;
export type CaseOpenedV1 = EventEnvelope<typeof CASE_OPENED, CaseOpenedV1Payload>;

export const caseOpenedV1: EventContract<typeof CASE_OPENED, CaseOpenedV1Payload> = {
  type: CASE_OPENED,
  version: 1,
  schema: caseOpenedV1PayloadSchema,
  example: {
    eventId: '3d0c9a3e-2b8f-4f3a-9d55-7a1c2e4b6f10',
    type: CASE_OPENED,
    version: 1,
    occurredAt: '2026-11-27T09:15:02.300Z',
    tenantId: 'default',
    correlationId: '9d2f1c8e-0a55-4a9f-8d0e-6f3b2f1a7c44',
    causationId: '0b6f4d3c-1f7e-5b5a-9e55-2f0d8c0e7a10',
    payload: {
      caseId: '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
      reference: 'EA49-HVS1-TVR',
      service: {
        code: 'pothole',
        version: 1,
        lgslId: 557,
        interaction: 'reporting',
        defaultQueue: 'highways',
      },
      status: 'received',
      channel: 'web',
      citizenId: '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
      preferredChannel: 'email',
      language: 'nl',
      attributes: { depth: 'deep', 'road-type': 'carriageway' },
      location: { lat: 51.9225, long: 4.47917, address: 'Coolsingel 40, Rotterdam', propertyId: null },
      supportNeeds: false,
      duplicateOf: null,
      receivedAt: '2026-11-27T09:15:02.100Z',
      openedAt: '2026-11-27T09:15:02.250Z',
    },
  },
};
