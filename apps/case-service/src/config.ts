import { z } from 'zod';
import { adminTokens, baseConfigSchema, loadConfig, port } from '@city/platform-config';

export const caseConfigSchema = baseConfigSchema.extend({
  PORT: port(3001),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/omnichannel'),
  /** The service's own schema; tests use one each. */
  DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('case_service'),
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
  /**
   * Administrators who may reverse a citizen merge: `id:sha256-of-token` pairs, comma-separated;
   * they send `Authorization: Bearer <token>`. The default is the demo's admin-1 (token
   * demo-admin-token); set your own anywhere real.
   */
  ADMIN_TOKENS: adminTokens(),
  /** How often the outbox relay looks for new events when idle. */
  OUTBOX_IDLE_MS: z.coerce.number().int().positive().default(100),
});
export type CaseConfig = z.infer<typeof caseConfigSchema>;
export const loadCaseConfig = (env: NodeJS.ProcessEnv = process.env): CaseConfig => loadConfig(caseConfigSchema, env);
