import { DynamicModule, Global, Module } from '@nestjs/common';
import { z } from 'zod';

/** The injection token of an app's validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Reads and validates configuration from the environment, once, at start-up. The only place in an
 * app that reads process.env. Every problem is reported at once, each with its variable name.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

/** Comma-separated list, e.g. KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9094. */
export const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1));

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Settings every service shares. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TENANT_ID: z.string().min(1).max(64).default('default'),
  KAFKA_BROKERS: csv('127.0.0.1:9092'),
  /** Prepended to every topic name; tests use it so that runs do not collide. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
});
/**
 * Administrators' bearer tokens: `id:sha256-of-token` pairs, comma-separated, as a map of hash to id.
 * The default is the demo's admin-1 (token demo-admin-token); set your own anywhere real.
 */
export const adminTokens = () =>
  z
    .string()
    .default('admin-1:91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37')
    .transform((s, ctx) => {
      const pairs = s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => x.split(':'));
      if (pairs.some((p) => p.length !== 2 || !/^[\w.-]+$/.test(p[0]) || !/^[0-9a-f]{64}$/.test(p[1]))) {
        ctx.addIssue({ code: 'custom', message: 'comma-separated id:sha256hex pairs' });
        return z.NEVER;
      }
      return new Map(pairs.map(([id, hash]) => [hash, id]));
    });

/** What every service's config holds. */
export type BaseConfig = z.infer<typeof baseConfigSchema>;

@Global()
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(config: T): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
