import { z } from 'zod';
import { REFERENCE_PATTERN } from '../reference';
import { SATISFACTION_VIA, satisfactionScoreSchema } from '../events/satisfaction-recorded.v1';

const instant = z.iso.datetime({ offset: true });
const reference = z.string().regex(REFERENCE_PATTERN);
const email = z.email().max(254);
/** Any common notation; the case-service normalises it to E.164 as the gateway does. */
const phone = z.string().trim().min(3).max(32);
const score = satisfactionScoreSchema.describe('1 (very dissatisfied) to 5 (very satisfied)');

/**
 * The satisfaction question of a request as its citizen may see it ("How satisfied are you with how we
 * handled your request?"), put once, after the request's first resolution: whether answers are taken
 * now (`open`: the answer window, after which it closes), until when, and the answer given, if any.
 * While it is open, a new answer replaces the one given.
 */
export const satisfactionQuestionSchema = z.object({
  open: z.boolean(),
  openUntil: instant,
  answer: z.object({ score: satisfactionScoreSchema, via: z.enum(SATISFACTION_VIA), at: instant }).nullable(),
});
export type SatisfactionQuestion = z.infer<typeof satisfactionQuestionSchema>;

/** The question of one request, by its reference (the case-service's and the signed link's answers). */
export const satisfactionOfRequestSchema = satisfactionQuestionSchema.extend({ reference });
export type SatisfactionOfRequest = z.infer<typeof satisfactionOfRequestSchema>;

/**
 * The citizen answers on the request's page in the portal (case-service
 * `PUT /api/v1/requests/:reference/satisfaction`): the second factor of the request (the email or phone
 * given with it; a signed-in citizen's verified email) and the score.
 */
export const answerSatisfactionBodySchema = z
  .object({ email: email.optional(), phone: phone.optional(), score })
  .strict()
  .refine((b) => !!b.email || !!b.phone, {
    path: ['email'],
    message: 'give the email or the phone number used for the request',
  });
export type AnswerSatisfactionBody = z.infer<typeof answerSatisfactionBodySchema>;

/**
 * The notification-service passes on an answer that came by the emailed link or a text reply
 * (case-service `PUT /api/v1/cases/:reference/satisfaction`, its own token).
 */
export const recordSatisfactionBodySchema = z.object({ score, via: z.enum(['email', 'sms']) }).strict();
export type RecordSatisfactionBody = z.infer<typeof recordSatisfactionBodySchema>;

/** The answer sent from the page the emailed link opens (notification-service `POST /api/v1/satisfaction/:token`). */
export const satisfactionLinkAnswerBodySchema = z.object({ score }).strict();
export type SatisfactionLinkAnswerBody = z.infer<typeof satisfactionLinkAnswerBodySchema>;
