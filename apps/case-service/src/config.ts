import { z } from 'zod';
import { authConfigSchema, PRODUCTION_REQUIRED, serviceClientConfigSchema } from '@city/platform-auth';
import { baseConfigSchema, loadConfig, port } from '@city/platform-config';
import { inboxOutboxPruningSettings } from '@city/platform-database';

export const caseConfigSchema = baseConfigSchema.extend({
  ...authConfigSchema.shape,
  /** Its own client credentials (AUTH_CLIENT_ID, AUTH_CLIENT_SECRET): it asks the services below for a citizen's personal data. */
  ...serviceClientConfigSchema('case-service').shape,
  /** The services that hold a citizen's personal data beside the case record (an export gathers theirs). */
  WORKFLOW_SERVICE_URL: z.string().url().default('http://127.0.0.1:3002'),
  NOTIFICATION_SERVICE_URL: z.string().url().default('http://127.0.0.1:3003'),
  /**
   * The deployment's routing file, for a city without its own: of it this service reads only
   * `sharing` (which city works which other city's services), to let a city's staff reach just the
   * cases of agreements in force.
   */
  ROUTING_FILE: z.string().default('catalogue/routing.yaml'),
  /**
   * How many days a finished request (closed, a duplicate, not the city's, withdrawn) keeps its
   * personal data after it last changed, unless its service says (`retention` in the catalogue):
   * the nightly retention run anonymises it after (docs/personal-data.md). Two years.
   */
  RETENTION_DAYS: z.coerce.number().int().min(1).default(730),
  /** When the retention run starts, as cron in RETENTION_TIME_ZONE; `off`: only when an administrator runs it. */
  RETENTION_SCHEDULE: z.string().default('30 2 * * *'),
  RETENTION_TIME_ZONE: z.string().default('Europe/Amsterdam'),
  /** Requests anonymised together (one transaction, one call to each other service). */
  RETENTION_BATCH: z.coerce.number().int().positive().default(200),
  /** Prepended to BullMQ's Redis keys (the retention run's schedule); empty: `q-<DB_SCHEMA>`, so each test's is its own. */
  QUEUE_PREFIX: z.string().default(''),
  PORT: port(3001),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/omnichannel'),
  /** The service's own schema; tests use one each. */
  DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('case_service'),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  DEFAULT_COUNTRY: z.string().length(2).default('GB'),
  /** Duplicate radius per service in metres, e.g. {"noise":80}; the rest use the domain's defaults. */
  DUPLICATE_RADIUS_BY_SERVICE: z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      try {
        return z.record(z.string(), z.number().min(0)).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'a JSON object of service code to metres' });
        return z.NEVER;
      }
    }),
  /** How often the outbox relay looks for new events when idle. */
  OUTBOX_IDLE_MS: z.coerce.number().int().positive().default(100),
  /** Where citizens' documents are kept: `local` (files under DOCUMENT_STORE_DIR); a city may add another store (S3). */
  DOCUMENT_STORE: z.enum(['local']).default('local'),
  /** The local store's folder; empty: `data/case-service/documents` under the working folder (the system's temp folder when NODE_ENV=test). */
  DOCUMENT_STORE_DIR: z.string().default(''),
  /** The largest document a citizen may send, in bytes (10 MB). */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** The city's virus scanner: each document is POSTed there and it answers `{ "infected": boolean, "signature"?: string }`. Empty: documents are kept as `not-scanned`. */
  DOCUMENT_SCAN_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** How long the scanner may take over one document before the reply is refused (503). */
  DOCUMENT_SCAN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** OUTBOX_RETENTION_HOURS, INBOX_RETENTION_DAYS, PRUNE_INTERVAL_MS: how long published events and handled event ids are kept. */
  ...inboxOutboxPruningSettings,
});
export type CaseConfig = z.infer<typeof caseConfigSchema>;
/** Refused in production when missing, a demo value, a change-me placeholder or shorter than 32 bytes. */
export const CASE_SECRETS = ['AUTH_CLIENT_SECRET'] as const;
export const loadCaseConfig = (env: NodeJS.ProcessEnv = process.env): CaseConfig =>
  loadConfig(caseConfigSchema, env, { secrets: CASE_SECRETS, required: PRODUCTION_REQUIRED });
