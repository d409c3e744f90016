import { z } from 'zod';
import { authConfigSchema, PRODUCTION_REQUIRED, serviceClientConfigSchema } from '@city/platform-auth';
import { baseConfigSchema, loadConfig, port } from '@city/platform-config';
import { inboxOutboxPruningSettings } from '@city/platform-database';

export const notificationConfigSchema = baseConfigSchema
  .extend({
    ...authConfigSchema.shape,
    ...serviceClientConfigSchema('notification-service').shape,
    PORT: port(3003),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/omnichannel'),
    /** The service's own schema; tests use one each. */
    DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('notification_service'),
    DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
    /** Where the case record answers who hears about a case (the citizen as they are now). */
    CASE_SERVICE_URL: z.string().url().default('http://127.0.0.1:3001'),
    /** The message templates, one YAML file per template with every language (and `_layout.yaml`). */
    TEMPLATES_DIR: z.string().default('catalogue/templates'),
    /** The mail server emails go through, e.g. smtp://user:pass@mail.example.org:587 (smtps:// for TLS). */
    SMTP_URL: z.string().url().default('smtp://127.0.0.1:2525'),
    MAIL_FROM: z.string().min(3).default('City of Rotterdam <noreply@city.example>'),
    /** The SMS provider's HTTP endpoint for sending a text (the adapter posts JSON to it). */
    SMS_PROVIDER_URL: z.string().url().default('http://127.0.0.1:3090/messages'),
    /** The token this service sends texts with (Authorization: Bearer to the provider). */
    SMS_PROVIDER_TOKEN: z.string().default('demo-sms-token'),
    /** The token the provider calls this service's inbound webhook (STOP replies) with; its own secret, never SMS_PROVIDER_TOKEN. */
    SMS_INBOUND_TOKEN: z.string().min(16).default('demo-sms-inbound-token'),
    /** The sender name or number texts come from. */
    SMS_SENDER: z.string().min(1).max(11).default('Rotterdam'),
    /** The address citizens reach this service at, for the opt-out link in every email. */
    PUBLIC_URL: z.string().url().default('http://127.0.0.1:3003'),
    /** The citizen portal, where the satisfaction question's emailed link opens (`/survey/<token>`). */
    PORTAL_URL: z.string().url().default('http://localhost:4300'),
    /**
     * Signs the links in emails (HMAC-SHA256), each for its own purpose: the opt-out link and the
     * satisfaction question's. Set a long random secret anywhere real.
     */
    OPT_OUT_SECRET: z.string().min(16).default('demo-opt-out-secret-change-me'),
    /** Attempts per message before it counts as undeliverable, and the first wait between them (doubling each time). */
    DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
    DELIVERY_BACKOFF_MS: z.coerce.number().int().min(1).default(5_000),
    /** Messages sent at once. */
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(32),
    /** Prepended to BullMQ's Redis keys; tests use one each. */
    QUEUE_PREFIX: z.string().default('omnichannel'),
    /** How often the outbox relay looks for new events when idle. */
    OUTBOX_IDLE_MS: z.coerce.number().int().positive().default(100),
    /** OUTBOX_RETENTION_HOURS, INBOX_RETENTION_DAYS, PRUNE_INTERVAL_MS: how long published events and handled event ids are kept. */
    ...inboxOutboxPruningSettings,
  })
  .refine((c) => c.SMS_INBOUND_TOKEN !== c.SMS_PROVIDER_TOKEN, {
    path: ['SMS_INBOUND_TOKEN'],
    message:
      'must not be SMS_PROVIDER_TOKEN: whoever holds the token we send with could otherwise opt citizens out',
  });
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
/** Refused in production when missing, a demo value, a change-me placeholder or shorter than 32 bytes. */
export const NOTIFICATION_SECRETS = [
  'SMS_PROVIDER_TOKEN',
  'SMS_INBOUND_TOKEN',
  'OPT_OUT_SECRET',
  'AUTH_CLIENT_SECRET',
] as const;

export const loadNotificationConfig = (env: NodeJS.ProcessEnv = process.env): NotificationConfig =>
  loadConfig(notificationConfigSchema, env, { secrets: NOTIFICATION_SECRETS, required: PRODUCTION_REQUIRED });
