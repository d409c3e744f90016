import { z } from 'zod';
import { authConfigSchema, PRODUCTION_REQUIRED } from '@city/platform-auth';
import { baseConfigSchema, loadConfig, port } from '@city/platform-config';
import { inboxOutboxPruningSettings } from '@city/platform-database';

export const opsConfigSchema = baseConfigSchema.extend({
  ...authConfigSchema.shape,
  PORT: port(3004),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/omnichannel'),
  /** The service's own schema; tests use one each. */
  DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('ops_monitor'),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** The city's routing file: the districts (areas) a case's location falls in, and the counters' offices and queues. */
  ROUTING_FILE: z.string().default('catalogue/routing.yaml'),
  /** Live figures are pushed at most this often (ms) while facts keep coming. */
  LIVE_PUSH_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  /**
   * The standard-of-service report flags a channel that does worse than the service's other
   * channels by more than this many percentage points (share within the service level, reopen rate)
   * or this share (times; satisfaction on its 1-5 scale scaled to 100).
   */
  PARITY_MARGIN: z.coerce.number().min(0).max(100).default(10),
  /** What one contact costs on each channel (the channel-shift report). */
  CONTACT_COSTS_FILE: z.string().default('catalogue/operations/contact-costs.yaml'),
  /** The city's first ambitions for the self-assessment, recorded at start when none are. */
  AMBITIONS_FILE: z.string().default('catalogue/operations/ambitions.yaml'),
  /** The national service list (LGSL ids and their names). */
  LGSL_FILE: z.string().default('catalogue/reference/lgsl-services.csv'),
  /** A channel needs this many cases of a service in the period before the report compares it. */
  PARITY_MIN_CASES: z.coerce.number().int().min(1).default(5),
  /** INBOX_RETENTION_DAYS and friends: how long handled event ids are kept. */
  ...inboxOutboxPruningSettings,
});
export type OpsConfig = z.infer<typeof opsConfigSchema>;

export const loadOpsConfig = (env: NodeJS.ProcessEnv = process.env): OpsConfig =>
  loadConfig(opsConfigSchema, env, { required: PRODUCTION_REQUIRED });
