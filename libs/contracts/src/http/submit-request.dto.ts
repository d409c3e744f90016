import { z } from 'zod';
import { UPDATE_CHANNELS, languageSchema } from '../channels';

/**
 * The public HTTP shapes of a request submission, shared by the web, kiosk, phone and counter
 * channels. They check structure only; the service definition's rules are checked by the domain.
 */
export const attributeValueInputSchema = z.union([
  z.string().max(2000),
  z.number().finite(),
  z.array(z.string().max(200)).max(50),
]);

export const locationInputSchema = z
  .object({
    lat: z.number().min(-90).max(90).optional(),
    long: z.number().min(-180).max(180).optional(),
    address: z.string().trim().min(3).max(300).optional(),
    /** A property id such as a UK UPRN, where the channel knows it. */
    propertyId: z.string().trim().max(32).optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    if ((l.lat === undefined) !== (l.long === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [l.lat === undefined ? 'lat' : 'long'],
        message: 'lat and long go together',
      });
    }
    if (l.lat === undefined && !l.address && !l.propertyId) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give lat and long, an address, or a property id' });
    }
  });
export type LocationInput = z.infer<typeof locationInputSchema>;

export const contactInputSchema = z
  .object({
    firstName: z.string().trim().min(1).max(100).optional(),
    lastName: z.string().trim().min(1).max(100).optional(),
    email: z.email().max(254).optional(),
    /** Any common notation; the gateway normalises it to E.164. */
    phone: z.string().trim().min(3).max(32).optional(),
    address: z.string().trim().max(300).optional(),
  })
  .strict();
export type ContactInput = z.infer<typeof contactInputSchema>;

export const idempotencyKeySchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const submitRequestBodySchema = z
  .object({
    serviceCode: z.string().min(1).max(64),
    description: z.string().trim().max(4000).optional(),
    attributes: z.record(z.string().max(64), attributeValueInputSchema).default({}),
    location: locationInputSchema.optional(),
    contact: contactInputSchema.optional(),
    preferredChannel: z.enum(UPDATE_CHANNELS).optional(),
    language: languageSchema.optional(),
    /** Photos and documents the citizen links: https only (no javascript:, data: or plain http:). */
    mediaUrls: z
      .array(z.url({ protocol: /^https$/, error: 'an https:// address is required' }).max(2000))
      .max(10)
      .optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
  })
  .strict();
export type SubmitRequestBody = z.infer<typeof submitRequestBodySchema>;

/** The agent is the caller's token, never a body field. */
export const phoneSubmitBodySchema = submitRequestBodySchema
  .extend({
    callId: z.string().trim().min(1).max(128),
    callerNumber: z.string().trim().min(3).max(32).optional(),
  })
  .strict();
export type PhoneSubmitBody = z.infer<typeof phoneSubmitBodySchema>;

/** The clerk is the caller's token, never a body field. */
export const counterSubmitBodySchema = submitRequestBodySchema
  .extend({
    office: z.string().trim().min(1).max(100),
    counter: z.string().trim().min(1).max(32),
    /** The queue ticket the citizen held, where there was one (issue 4). */
    ticket: z.string().trim().max(16).optional(),
  })
  .strict();
export type CounterSubmitBody = z.infer<typeof counterSubmitBodySchema>;

export const kioskItemSchema = submitRequestBodySchema
  .extend({
    /** Made by the kiosk when the citizen pressed submit; a re-sent item reuses it. */
    idempotencyKey: idempotencyKeySchema,
    /** When the citizen completed the form, which may be long before upload for an offline kiosk. */
    capturedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type KioskItem = z.infer<typeof kioskItemSchema>;

export const KIOSK_BATCH_MAX = 200;
export const kioskBatchBodySchema = z
  .object({
    batchId: z.string().trim().min(1).max(128).optional(),
    items: z.array(z.unknown()).min(1).max(KIOSK_BATCH_MAX),
  })
  .strict();

/** The answer to every accepted submission on every channel. */
export interface AcceptedResponse {
  reference: string;
  status: 'accepted';
  /** True when this idempotency key was seen before and no second request was made. */
  duplicate: boolean;
  serviceCode: string;
  receivedAt: string;
  /** Where to follow the request. */
  trackUrl: string;
}

import type { FieldError } from '../errors/domain-error';
export type { ErrorResponse, FieldError } from '../errors/domain-error';

export type KioskItemResult =
  | {
      index: number;
      idempotencyKey: string | null;
      status: 'accepted';
      reference: string;
      duplicate: boolean;
    }
  | {
      index: number;
      idempotencyKey: string | null;
      status: 'rejected';
      statusCode: number;
      errors: FieldError[];
    }
  | { index: number; idempotencyKey: string | null; status: 'failed'; statusCode: number; message: string };

/**
 * GET /api/v1/kiosk/device: who a kiosk is. The gateway derives an item's reference from
 * `kiosk:<deviceId>:<idempotencyKey>` in the tenant, so a kiosk that is offline can tell the citizen
 * the reference the gateway will give it.
 */
export interface KioskDeviceView {
  deviceId: string;
  location: string;
  tenantId: string;
}

export interface KioskBatchResponse {
  batchId: string | null;
  deviceId: string;
  accepted: number;
  rejected: number;
  failed: number;
  results: KioskItemResult[];
}

export const telephonyEventSchema = z.discriminatedUnion('event', [
  z
    .object({
      event: z.literal('call.started'),
      callId: z.string().trim().min(1).max(128),
      callerNumber: z.string().trim().min(3).max(32),
      agentId: z.string().trim().min(1).max(64),
      queue: z.string().trim().max(64).optional(),
      at: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
  z
    .object({
      event: z.literal('call.ended'),
      callId: z.string().trim().min(1).max(128),
      agentId: z.string().trim().min(1).max(64),
      durationSeconds: z.number().int().min(0).optional(),
      at: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
]);
export type TelephonyEvent = z.infer<typeof telephonyEventSchema>;
