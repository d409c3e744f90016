import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertTestDatabase } from './data-source';
import { TypeormTransaction } from './transaction';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/** The Transaction port on the real Postgres: what a use case's reads and writes see of each other and of others. */
describe('TypeormTransaction (real Postgres)', () => {
  const schema = `transaction_${randomUUID().slice(0, 8)}`;
  let ds: DataSource;
  let tx: TypeormTransaction;
  const count = async (table: 'timeline' | 'interactions'): Promise<number> =>
    Number((await tx.manager().query(`SELECT count(*) AS n FROM "${schema}".${table}`))[0].n);

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    ds = new DataSource({ type: 'postgres', url: TEST_DB, logging: false });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.query(`CREATE TABLE "${schema}".timeline (id serial PRIMARY KEY)`);
    await ds.query(`CREATE TABLE "${schema}".interactions (id serial PRIMARY KEY)`);
    tx = new TypeormTransaction(ds);
  });
  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  it('a snapshot sees a transaction that commits between its reads in none of them, and sees it whole afterwards', async () => {
    const seen = await tx.snapshot(async () => {
      const timelineBefore = await count('timeline');
      // Another request records a message: a timeline entry and an interaction, in one transaction.
      await ds.transaction(async (m) => {
        await m.query(`INSERT INTO "${schema}".timeline DEFAULT VALUES`);
        await m.query(`INSERT INTO "${schema}".interactions DEFAULT VALUES`);
      });
      return { timelineBefore, timeline: await count('timeline'), interactions: await count('interactions') };
    });
    expect(seen).toEqual({ timelineBefore: 0, timeline: 0, interactions: 0 });
    expect(await tx.snapshot(async () => [await count('timeline'), await count('interactions')])).toEqual([
      1, 1,
    ]);
  });

  it('reads outside a snapshot each see the latest commit (the race a snapshot closes)', async () => {
    const before = await count('interactions');
    await ds.query(`INSERT INTO "${schema}".interactions DEFAULT VALUES`);
    expect(await count('interactions')).toBe(before + 1);
  });

  it('a snapshot is read only: a write in it fails and nothing is kept', async () => {
    const before = await count('timeline');
    await expect(
      tx.snapshot(() => tx.manager().query(`INSERT INTO "${schema}".timeline DEFAULT VALUES`)),
    ).rejects.toThrow(/read-only transaction/);
    expect(await count('timeline')).toBe(before);
  });

  it('a snapshot inside a transaction joins it, and sees its own writes', async () => {
    const before = await count('timeline');
    const seen = await tx.run(async () => {
      await tx.manager().query(`INSERT INTO "${schema}".timeline DEFAULT VALUES`);
      return tx.snapshot(() => count('timeline'));
    });
    expect(seen).toBe(before + 1);
    expect(await count('timeline')).toBe(before + 1);
  });
});
