import { z } from 'zod';
import { baseConfigSchema, loadConfig, port } from '@city/platform-config';

export const notificationConfigSchema = baseConfigSchema.extend({
  PORT: port(3003),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/omnichannel'),
  /** The service's own schema; tests use one each. */
  DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('notification_service'),
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
  SMS_PROVIDER_TOKEN: z.string().default('demo-sms-token'),
  /** The sender name or number texts come from. */
  SMS_SENDER: z.string().min(1).max(11).default('Rotterdam'),
  /** The address citizens reach this service at, for the opt-out link in every email. */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3003'),
  /** Signs opt-out links (HMAC-SHA256): set a long random secret anywhere real. */
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
});
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
export const loadNotificationConfig = (env: NodeJS.ProcessEnv = process.env): NotificationConfig => loadConfig(notificationConfigSchema, env);
