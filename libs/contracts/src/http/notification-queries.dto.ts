import { z } from 'zod';
import { CHANNELS, LANGUAGES, UPDATE_CHANNELS } from '../channels';
import { CASE_STATUSES } from '../events/case-opened.v1';
import { REFERENCE_PATTERN } from '../reference';

/**
 * Who hears about a case (case-service `GET /api/v1/cases/:reference/recipients`, read by the
 * notification-service when it sends): the citizen who asked (the reporter) and the citizens who
 * follow it (reporters of duplicates), each as they are now: merged records resolved, contact
 * points, preferred channel and language, and whether they still want updates.
 */
export const caseRecipientSchema = z.object({
  citizenId: z.uuid(),
  role: z.enum(['reporter', 'follower']),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  preferredChannel: z.enum(UPDATE_CHANNELS),
  language: z.enum(LANGUAGES),
  consentUpdates: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type CaseRecipient = z.infer<typeof caseRecipientSchema>;

export const caseRecipientsSchema = z.object({
  caseId: z.uuid(),
  reference: z.string().regex(REFERENCE_PATTERN),
  serviceCode: z.string(),
  status: z.enum(CASE_STATUSES),
  recipients: z.array(caseRecipientSchema),
});
export type CaseRecipients = z.infer<typeof caseRecipientsSchema>;

/** The most cases one call of `POST /api/v1/case-recipients` may ask about. */
export const RECIPIENTS_BATCH_MAX = 100;

/**
 * Who hears about each of many cases in one call (`POST /api/v1/case-recipients`): the
 * notification-service asks for the messages it is sending at the same moment together.
 */
export const caseRecipientsBatchRequestSchema = z
  .object({ references: z.array(z.string().min(1).max(40)).min(1).max(RECIPIENTS_BATCH_MAX) })
  .strict();
export const caseRecipientsBatchSchema = z.object({
  cases: z.array(caseRecipientsSchema),
  /** References asked about that name no case, as they were asked. */
  notFound: z.array(z.string()),
});
export type CaseRecipientsBatch = z.infer<typeof caseRecipientsBatchSchema>;

/**
 * How a citizen wants to hear from the city, changed by an agent or clerk ("text me from now on"),
 * or by the citizen's own opt-out link or STOP reply: any of consent, channel and language.
 */
export const updatePreferencesBodySchema = z
  .object({
    consentUpdates: z.boolean().optional(),
    preferredChannel: z.enum(UPDATE_CHANNELS).optional(),
    language: z.enum(LANGUAGES).optional(),
    channel: z.enum([...CHANNELS, 'email', 'sms'] as const).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
const somePreference = (b: { consentUpdates?: boolean; preferredChannel?: string; language?: string }) =>
  b.consentUpdates !== undefined || !!b.preferredChannel || !!b.language;
export const updatePreferencesRequestSchema = updatePreferencesBodySchema.refine(somePreference, {
  path: ['consentUpdates'],
  message: 'give at least one of consentUpdates, preferredChannel and language',
});
export type UpdatePreferencesBody = z.infer<typeof updatePreferencesBodySchema>;

/** The same, for the citizen who has this email or phone (an SMS "STOP" reply names only the number). */
export const updatePreferencesByContactBodySchema = updatePreferencesBodySchema
  .extend({ email: z.string().trim().email().optional(), phone: z.string().trim().min(6).max(20).optional() })
  .strict()
  .refine(somePreference, {
    path: ['consentUpdates'],
    message: 'give at least one of consentUpdates, preferredChannel and language',
  })
  .refine((b) => !!b.email !== !!b.phone, {
    path: ['phone'],
    message: 'give the email or the phone number (one of them)',
  });
