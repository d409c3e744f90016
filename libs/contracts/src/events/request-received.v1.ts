import { z } from 'zod';
import { CHANNELS, LANGUAGES, UPDATE_CHANNELS } from '../channels';
import { EventContract, EventEnvelope } from '../envelope';
import { INTERACTION_TYPES } from '../catalogue/service-definition';
import { REFERENCE_PATTERN } from '../reference';

/** A citizen's request as it arrived on any channel: one shape for all four. Topic: intake.requests.v1. */
export const REQUEST_RECEIVED = 'RequestReceived' as const;

const channelDetailsSchema = z.discriminatedUnion('kind', [
  /** The citizen portal (web channel). */
  z.object({ kind: z.literal('portal'), userAgent: z.string().max(512).nullable() }),
  /** An Open311 client application (web channel), e.g. a FixMyStreet-style app. */
  z.object({
    kind: z.literal('open311'),
    clientId: z.string(),
    clientName: z.string(),
    deviceId: z.string().nullable(),
  }),
  /** A self-service kiosk; offline-captured items carry their batch. */
  z.object({
    kind: z.literal('kiosk'),
    deviceId: z.string(),
    location: z.string(),
    batchId: z.string().nullable(),
    capturedOffline: z.boolean(),
  }),
  /** A contact-centre agent on a call. */
  z.object({
    kind: z.literal('agent-assisted'),
    agentId: z.string(),
    callId: z.string(),
    callerNumber: z.string().nullable(),
  }),
  /** A clerk at a town-hall counter. */
  z.object({
    kind: z.literal('counter'),
    clerkId: z.string(),
    office: z.string(),
    counter: z.string(),
    ticket: z.string().nullable(),
  }),
]);
export type ChannelDetails = z.infer<typeof channelDetailsSchema>;

export const requestReceivedV1PayloadSchema = z.object({
  /** Human-friendly reference, readable over the phone, e.g. "EA49-HVS1-TVR". */
  reference: z.string().regex(REFERENCE_PATTERN),
  /** Tenant-scoped idempotency key: client-made (web, kiosk, Open311) or gateway-made (phone, counter). */
  idempotencyKey: z.string().min(1).max(160),
  service: z.object({
    code: z.string(),
    version: z.number().int().positive(),
    lgslId: z.number().int().positive(),
    interaction: z.enum(INTERACTION_TYPES),
    defaultQueue: z.string(),
  }),
  description: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  location: z
    .object({
      lat: z.number().nullable(),
      long: z.number().nullable(),
      address: z.string().nullable(),
      propertyId: z.string().nullable(),
    })
    .nullable(),
  contact: z
    .object({
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      email: z.string().nullable(),
      /** E.164. */
      phone: z.string().nullable(),
      address: z.string().nullable(),
    })
    .nullable(),
  preferredChannel: z.enum(UPDATE_CHANNELS),
  language: z.enum(LANGUAGES),
  mediaUrls: z.array(z.string()),
  channel: z.enum(CHANNELS),
  channelDetails: channelDetailsSchema,
  /** When the citizen made the request (for an offline kiosk, when the form was completed). */
  submittedAt: z.iso.datetime({ offset: true }),
  /** When the gateway accepted it. */
  receivedAt: z.iso.datetime({ offset: true }),
});
export type RequestReceivedV1Payload = z.infer<typeof requestReceivedV1PayloadSchema>;
export type RequestReceivedV1 = EventEnvelope<typeof REQUEST_RECEIVED, RequestReceivedV1Payload>;

export const requestReceivedV1: EventContract<typeof REQUEST_RECEIVED, RequestReceivedV1Payload> = {
  type: REQUEST_RECEIVED,
  version: 1,
  schema: requestReceivedV1PayloadSchema,
  example: {
    eventId: '0b6f4d3c-1f7e-5b5a-9e55-2f0d8c0e7a10',
    type: REQUEST_RECEIVED,
    version: 1,
    occurredAt: '2026-11-27T09:15:02.120Z',
    tenantId: 'default',
    correlationId: '9d2f1c8e-0a55-4a9f-8d0e-6f3b2f1a7c44',
    causationId: null,
    payload: {
      reference: 'EA49-HVS1-TVR',
      idempotencyKey: 'web:3f1c9a60-7f0e-4c55-b1c5-2d7d95a1e0c2',
      service: {
        code: 'pothole',
        version: 1,
        lgslId: 557,
        interaction: 'reporting',
        defaultQueue: 'highways',
      },
      description: 'Deep pothole by the bus stop, cyclists swerve round it.',
      attributes: { depth: 'deep', 'road-type': 'carriageway' },
      location: { lat: 51.9225, long: 4.47917, address: 'Coolsingel 40, Rotterdam', propertyId: null },
      contact: {
        firstName: 'Anna',
        lastName: 'de Vries',
        email: 'anna@example.org',
        phone: '+31612345678',
        address: null,
      },
      preferredChannel: 'email',
      language: 'nl',
      mediaUrls: [],
      channel: 'web',
      channelDetails: { kind: 'portal', userAgent: 'Mozilla/5.0' },
      submittedAt: '2026-11-27T09:15:02.100Z',
      receivedAt: '2026-11-27T09:15:02.100Z',
    },
  },
};
