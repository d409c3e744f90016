import { Client } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { InboxRecord, OutboxMessage } from './inbox-outbox.entities';

export interface DatabaseSettings {
  url: string;
  /** The service's own schema: services never read each other's tables. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
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
    logging: ['error'],
    extra: { max: s.poolSize ?? 10, application_name: s.schema, Client: GuardedClient },
  };
}

/** Tests may only touch a database whose name says test. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) throw new Error(`refusing to run tests against database "${name}": its name must say test`);
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
