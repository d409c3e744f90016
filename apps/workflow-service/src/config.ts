import { z } from 'zod';
import { authConfigSchema, PRODUCTION_REQUIRED } from '@city/platform-auth';
import { baseConfigSchema, loadConfig, port } from '@city/platform-config';
import { inboxOutboxPruningSettings } from '@city/platform-database';

export const workflowConfigSchema = baseConfigSchema.extend({
  ...authConfigSchema.shape,
  PORT: port(3002),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/omnichannel'),
  /** The service's own schema; tests use one each. */
  DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('workflow_service'),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** The city's routing: business calendar, districts, rules, escalation (YAML). */
  ROUTING_FILE: z.string().default('catalogue/routing.yaml'),
  /** The city's services (one YAML file each, versioned): imported at start; the admin API changes them after. */
  CATALOGUE_DIR: z.string().default('catalogue/services'),
  /** The national LGSL list every service is checked against. */
  LGSL_FILE: z.string().default('catalogue/reference/lgsl-services.csv'),
  /** The city's workflow definitions (one YAML file each, versioned). */
  WORKFLOWS_DIR: z.string().default('catalogue/workflows'),
  /** Prepended to BullMQ's Redis keys; tests use one each. */
  QUEUE_PREFIX: z.string().default('omnichannel'),
  /** How often the outbox relay looks for new events when idle. */
  OUTBOX_IDLE_MS: z.coerce.number().int().positive().default(100),
  /** OUTBOX_RETENTION_HOURS, INBOX_RETENTION_DAYS, PRUNE_INTERVAL_MS: how long published events and handled event ids are kept. */
  ...inboxOutboxPruningSettings,
  /** Items one agent may hold at once unless their profile says otherwise. */
  DEFAULT_AGENT_CAPACITY: z.coerce.number().int().positive().default(5),
});
export type WorkflowConfig = z.infer<typeof workflowConfigSchema>;
export const loadWorkflowConfig = (env: NodeJS.ProcessEnv = process.env): WorkflowConfig =>
  loadConfig(workflowConfigSchema, env, { required: PRODUCTION_REQUIRED });
