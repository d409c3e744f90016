import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import { createLogger } from '@city/platform-logging';
import { InboxRecord, OutboxMessage } from './inbox-outbox.entities';

export interface DatabaseSettings {
  url: string;
  /** The service's own schema: services never read each other's tables. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
  /** The service's logger: failed and slow queries go there (default: a logger of its own on stdout). */
  logger?: Logger;
  /** A query that takes longer is logged as slow (default 1000 ms). */
  slowQueryMs?: number;
}

/**
 * TypeORM's logging through the service's pino logger: a failed query with its SQL text and the
 * error (code, message, constraint; the platform's error serialiser leaves out what carries data),
 * a slow one with its SQL text and duration. Never the parameters: they are citizens' emails, phone
 * numbers, names and addresses. (TypeORM's own console logger prints them, past the redaction.)
 */
export class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(query: string): void {
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ query }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.error({ err: typeof error === 'string' ? new Error(error) : error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ durationMs: time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug({ schemaBuild: message }, 'schema build');
  }

  logMigration(message: string): void {
    this.logger.debug({ migration: message }, 'migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger[level === 'warn' ? 'warn' : 'info']({ typeorm: String(message) }, 'typeorm');
  }
}

/**
 * A pg client that is never without an 'error' listener. When Postgres ends a connection (a restart,
 * a failover) that is checked out of the pool but between two statements, pg emits 'error' on the
 * client; TypeORM listens only while a query runner holds it, and pg-pool only while it is idle, so
 * in the gaps the event had no listener and killed the whole service (seen in the end-to-end
 * Postgres-restart test). The error is not lost: the next statement on the client fails (a
 * transient error, retried), and the pool drops the broken client when it comes back.
 */
export class GuardedClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** TypeORM settings every service uses: its own schema and migrations table, never synchronize. */
export function dataSourceOptions(s: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: s.url,
    schema: s.schema,
    entities: [...(s.entities as unknown[]), InboxRecord, OutboxMessage] as DataSourceOptions['entities'],
    migrations: s.migrations,
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // The logger decides what is logged (TypeORM's `logging` levels apply only to its own loggers).
    logger: new PinoTypeOrmLogger(s.logger ?? createLogger('database', 'info')),
    maxQueryExecutionTime: s.slowQueryMs ?? 1_000,
    extra: { max: s.poolSize ?? 10, application_name: s.schema, Client: GuardedClient },
  };
}

/** Tests may only touch a database whose name says test. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name))
    throw new Error(`refusing to run tests against database "${name}": its name must say test`);
}

/** A service's schema must exist before TypeORM can keep its migrations table in it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}
