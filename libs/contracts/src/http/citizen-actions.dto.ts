import { z } from 'zod';
import { LANGUAGES, UPDATE_CHANNELS } from '../channels';
import { CASE_STATUSES } from '../events/case-opened.v1';
import { REFERENCE_PATTERN } from '../reference';

const instant = z.iso.datetime({ offset: true });
const reference = z.string().regex(REFERENCE_PATTERN);
const email = z.email().max(254);
/** Any common notation; the case-service normalises it to E.164 as the gateway does. */
const phone = z.string().trim().min(3).max(32);
const oneContact = (b: { email?: string; phone?: string }) => !!b.email || !!b.phone;
const secondFactorMessage = {
  path: ['email'],
  message: 'give the email or the phone number used for the request',
};

/** The largest radius of an "already reported?" search, and the default. */
export const NEARBY_MAX_RADIUS_METRES = 1000;
export const NEARBY_DEFAULT_RADIUS_METRES = 250;
/** The most reports an "already reported?" search returns. */
export const NEARBY_MAX_RESULTS = 20;

/**
 * "Already reported?" (case-service `GET /api/v1/requests/nearby`): open reports of one service
 * around a point, before a citizen reports it again. Query strings, so numbers are coerced.
 */
export const nearbyRequestsQuerySchema = z
  .object({
    service: z.string().trim().min(1).max(64),
    lat: z.coerce.number().min(-90).max(90),
    long: z.coerce.number().min(-180).max(180),
    radius: z.coerce
      .number()
      .int()
      .min(1)
      .max(NEARBY_MAX_RADIUS_METRES, `at most ${NEARBY_MAX_RADIUS_METRES} metres`)
      .default(NEARBY_DEFAULT_RADIUS_METRES),
  })
  .strict();
export type NearbyRequestsQuery = z.infer<typeof nearbyRequestsQuerySchema>;

/**
 * One open report near the point: no personal data (no description, no address, no citizen), its
 * place as Open311 shows it (exact, or rounded to about 100 m for a service the catalogue marks
 * coarse) and the distance to that place.
 */
export const nearbyRequestSchema = z.object({
  reference,
  service: z.string(),
  status: z.enum(CASE_STATUSES),
  receivedAt: instant,
  distanceMetres: z.number().int().nonnegative(),
  location: z.object({ lat: z.number(), long: z.number() }),
  /** When it should be dealt with, or null (no due time set yet). */
  expectedBy: instant.nullable(),
});
export type NearbyRequest = z.infer<typeof nearbyRequestSchema>;

/** The open reports, nearest first, at most NEARBY_MAX_RESULTS. */
export const nearbyRequestsSchema = z.object({
  count: z.number().int().nonnegative(),
  requests: z.array(nearbyRequestSchema),
});
export type NearbyRequests = z.infer<typeof nearbyRequestsSchema>;

/**
 * A signed-in citizen follows a request instead of reporting it again
 * (`POST /api/v1/requests/:reference/followers`). Its updates go to their verified email (the token's,
 * never one given here, so nobody can subscribe someone else); the body, which may be empty, says only
 * the language of those updates, for a citizen the city does not know yet.
 */
export const followRequestBodySchema = z.object({ language: z.enum(LANGUAGES).optional() }).strict();
export type FollowRequestBody = z.infer<typeof followRequestBodySchema>;

export const followingSchema = z.object({ reference, following: z.literal(true) });
export type Following = z.infer<typeof followingSchema>;

/**
 * Reopen a resolved request (`POST /api/v1/requests/:reference/reopen`): the second factor (the email
 * or phone given with the request) and why it is not fixed.
 */
export const reopenRequestBodySchema = z
  .object({
    email: email.optional(),
    phone: phone.optional(),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict()
  .refine(oneContact, secondFactorMessage);
export type ReopenRequestBody = z.infer<typeof reopenRequestBodySchema>;

export const reopenedRequestSchema = z.object({
  reference,
  status: z.enum(CASE_STATUSES),
  reopenedAt: instant,
});
export type ReopenedRequest = z.infer<typeof reopenedRequestSchema>;

/**
 * How a citizen hears about their requests, as they see and change it themselves: whether at all
 * (`consent`: false is the opt-out), on which channel, in which language.
 */
export const citizenPreferencesSchema = z.object({
  consent: z.boolean(),
  channel: z.enum(UPDATE_CHANNELS),
  language: z.enum(LANGUAGES),
});
export type CitizenPreferences = z.infer<typeof citizenPreferencesSchema>;

const preferenceFields = {
  consent: z.boolean().optional(),
  channel: z.enum(UPDATE_CHANNELS).optional(),
  language: z.enum(LANGUAGES).optional(),
};
const somePreference = (b: { consent?: boolean; channel?: string; language?: string }) =>
  b.consent !== undefined || !!b.channel || !!b.language;
const preferenceMessage = {
  path: ['consent'],
  message: 'give at least one of consent, channel and language',
};

/** A signed-in citizen changes their preferences (`PUT /api/v1/me/preferences`). */
export const changeMyPreferencesBodySchema = z
  .object(preferenceFields)
  .strict()
  .refine(somePreference, preferenceMessage);
export type ChangeMyPreferencesBody = z.infer<typeof changeMyPreferencesBodySchema>;

/**
 * The citizen behind a request changes their preferences with its second factor
 * (`PUT /api/v1/requests/:reference/preferences`).
 */
export const changeRequestPreferencesBodySchema = z
  .object({ email: email.optional(), phone: phone.optional(), ...preferenceFields })
  .strict()
  .refine(oneContact, secondFactorMessage)
  .refine(somePreference, preferenceMessage);
export type ChangeRequestPreferencesBody = z.infer<typeof changeRequestPreferencesBodySchema>;
