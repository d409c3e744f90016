import { z } from 'zod';
import { LANGUAGES } from '../channels';
import { EventContract, EventEnvelope } from '../envelope';
import { REFERENCE_PATTERN } from '../reference';

/**
 * Facts from the notification-service about messages to citizens. Topic: notification.events.v1,
 * keyed by case id. The case record keeps each sent message as an outbound interaction on the case
 * timeline and the citizen, and each message not sent (opted out, undeliverable) on the timeline.
 */

/** How a message reaches a citizen: an email, a text message, or the portal inbox (read when they sign in). */
export const MESSAGE_MEDIA = ['email', 'sms', 'portal'] as const;
export type MessageMedium = (typeof MESSAGE_MEDIA)[number];

const about = {
  notificationId: z.uuid(),
  caseId: z.uuid(),
  reference: z.string().regex(REFERENCE_PATTERN),
  citizenId: z.uuid(),
  template: z.string().min(1),
  medium: z.enum(MESSAGE_MEDIA),
  at: z.iso.datetime({ offset: true }),
};

const example = (type: string, payload: Record<string, unknown>) => ({
  eventId: '5f4e3d2c-1b0a-4987-8654-3210fedcba98',
  type,
  version: 1,
  occurredAt: '2026-11-30T08:00:04.000Z',
  tenantId: 'default',
  correlationId: '9d2f1c8e-0a55-4a9f-8d0e-6f3b2f1a7c44',
  causationId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
  payload: {
    notificationId: '0c1d2e3f-4a5b-5c6d-8e7f-9a0b1c2d3e4f',
    caseId: '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
    reference: 'EA49-HVS1-TVR',
    citizenId: '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
    template: 'report-received',
    medium: 'email',
    at: '2026-11-30T08:00:04.000Z',
    ...payload,
  },
});

export const CITIZEN_NOTIFIED = 'CitizenNotified' as const;
export const citizenNotifiedV1PayloadSchema = z.object({
  ...about,
  deliveryId: z.uuid(),
  language: z.enum(LANGUAGES),
  /** The email address or phone number it went to; null for the portal inbox. */
  address: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  /** The id the mail server or SMS provider gave the message, for tracing a complaint. */
  providerMessageId: z.string().nullable(),
  attempts: z.number().int().positive(),
});
export type CitizenNotifiedV1Payload = z.infer<typeof citizenNotifiedV1PayloadSchema>;
export type CitizenNotifiedV1 = EventEnvelope<typeof CITIZEN_NOTIFIED, CitizenNotifiedV1Payload>;
export const citizenNotifiedV1: EventContract<typeof CITIZEN_NOTIFIED, CitizenNotifiedV1Payload> = {
  type: CITIZEN_NOTIFIED,
  version: 1,
  schema: citizenNotifiedV1PayloadSchema,
  example: example(CITIZEN_NOTIFIED, {
    deliveryId: '1d2e3f4a-5b6c-5d7e-8f9a-0b1c2d3e4f5a',
    language: 'nl',
    address: 'anna@example.org',
    subject: 'We hebben uw melding EA49-HVS1-TVR ontvangen',
    text: 'Beste Anna, ...',
    providerMessageId: '<1d2e3f4a-5b6c-5d7e-8f9a-0b1c2d3e4f5a@notifications.city.example>',
    attempts: 1,
  }) as CitizenNotifiedV1,
};

export const NOT_SENT_REASONS = ['opted-out', 'undeliverable'] as const;
export const CITIZEN_NOTIFICATION_NOT_SENT = 'CitizenNotificationNotSent' as const;
export const citizenNotificationNotSentV1PayloadSchema = z.object({
  ...about,
  reason: z.enum(NOT_SENT_REASONS),
  /** What the mail server or provider said, for an undeliverable message. */
  detail: z.string().nullable(),
  attempts: z.number().int().min(0),
});
export type CitizenNotificationNotSentV1Payload = z.infer<typeof citizenNotificationNotSentV1PayloadSchema>;
export type CitizenNotificationNotSentV1 = EventEnvelope<
  typeof CITIZEN_NOTIFICATION_NOT_SENT,
  CitizenNotificationNotSentV1Payload
>;
export const citizenNotificationNotSentV1: EventContract<
  typeof CITIZEN_NOTIFICATION_NOT_SENT,
  CitizenNotificationNotSentV1Payload
> = {
  type: CITIZEN_NOTIFICATION_NOT_SENT,
  version: 1,
  schema: citizenNotificationNotSentV1PayloadSchema,
  example: example(CITIZEN_NOTIFICATION_NOT_SENT, {
    medium: 'sms',
    reason: 'undeliverable',
    detail: 'provider answered 400: number not in service',
    attempts: 1,
  }) as CitizenNotificationNotSentV1,
};

export const NOTIFICATION_FACTS_V1 = [citizenNotifiedV1, citizenNotificationNotSentV1] as const;
export type NotificationFactV1 = CitizenNotifiedV1 | CitizenNotificationNotSentV1;
