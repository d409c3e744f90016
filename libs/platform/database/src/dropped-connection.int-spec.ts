import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertTestDatabase, dataSourceOptions, ensureSchema } from './data-source';
import { isTransientDatabaseError } from './transient-errors';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * Postgres restarting (or a failover, or an administrator) ends connections that a transaction holds
 * between two statements. pg then emits 'error' on a client nobody listens to, which would kill the
 * whole service. This is what the end-to-end Postgres-restart test once caught in CI.
 */
describe('a connection ended while a transaction holds it', () => {
  const schema = `dropped_${randomUUID().slice(0, 8)}`;
  let ds: DataSource;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureSchema(TEST_DB, schema);
    ds = await new DataSource(
      dataSourceOptions({ url: TEST_DB, schema, entities: [], migrations: [] }),
    ).initialize();
  });

  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('does not crash the process: the next statement fails as the database being away, and a retry on a new connection succeeds', async () => {
    const uncaught: Error[] = [];
    const onUncaught = (e: Error) => uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const outcome = await ds
        .transaction(async (m) => {
          const [{ pid }] = await m.query('SELECT pg_backend_pid() AS pid');
          // Another session ends this one while it is idle in the transaction, as a restart would.
          const admin = await new DataSource({ type: 'postgres', url: TEST_DB }).initialize();
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await admin.destroy();
          await new Promise((r) => setTimeout(r, 200));
          await m.query('SELECT 1');
          return 'no error';
        })
        .catch((e: Error) => e);
      expect(outcome).toBeInstanceOf(Error);
      expect({
        message: (outcome as Error).message,
        transient: isTransientDatabaseError(outcome),
        uncaught: uncaught.map((e) => e.message),
      }).toEqual({ message: expect.any(String), transient: true, uncaught: [] });
      expect(uncaught).toEqual([]);
      expect(await ds.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });

  it('a client checked out of the pool with no query runner around it survives its connection being ended, and the pool drops it', async () => {
    const pool = (
      ds.driver as unknown as {
        master: {
          connect(): Promise<{
            query(q: string): Promise<{ rows: Array<{ pid: number }> }>;
            release(err?: Error | boolean): void;
            listenerCount(e: string): number;
          }>;
        };
      }
    ).master;
    const client = await pool.connect();
    // No TypeORM query runner holds this client, and the pool has taken its own listener off: only the guard listens.
    expect(client.listenerCount('error')).toBe(1);
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
    const uncaught: Error[] = [];
    const onUncaught = (e: Error) => uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const admin = await new DataSource({ type: 'postgres', url: TEST_DB }).initialize();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await admin.destroy();
      await new Promise((r) => setTimeout(r, 300));
      const next = await client.query('SELECT 1').catch((e: Error) => e);
      expect({
        failed: next instanceof Error,
        transient: isTransientDatabaseError(next),
        uncaught: uncaught.map((e) => e.message),
      }).toEqual({ failed: true, transient: true, uncaught: [] });
      client.release(next as Error);
      expect(await ds.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });
});
