import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  assertTestDatabase,
  dataSourceOptions,
  ensureSchema,
  TypeormTransaction,
} from '@city/platform-database';
import { createLogger } from '@city/platform-logging';
import { CASE_ENTITIES, CASE_MIGRATIONS } from '../src/app.module';
import { TypeormRetentionRepository } from '../src/retention/retention.repository';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * One retention run of a city under way at a time, on the real Postgres (the partial unique index and
 * the lapsing of a run whose process is gone): two runs at once would each count the other's requests.
 */
describe('retention runs: one of a city under way at a time (real Postgres)', () => {
  const schema = `case_test_${randomUUID().slice(0, 8)}`;
  let ds: DataSource;
  let runs: TypeormRetentionRepository;
  const begin = (tenantId: string, ranBy: string, staleSeconds = 900) =>
    runs.begin({ tenantId, ranAt: new Date(), ranBy }, staleSeconds);

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureSchema(TEST_DB, schema);
    ds = new DataSource(
      dataSourceOptions({
        url: TEST_DB,
        schema,
        entities: CASE_ENTITIES,
        migrations: CASE_MIGRATIONS,
        logger: createLogger('test', 'silent'),
      }),
    );
    await ds.initialize();
    await ds.runMigrations();
    runs = new TypeormRetentionRepository(new TypeormTransaction(ds));
  });
  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  it('a second run asked for at the same moment is refused, naming the one under way; once it ended, one begins', async () => {
    const both = await Promise.all([begin('default', 'schedule'), begin('default', 'admin:admin-1')]);
    const begun = both.flatMap((r) => ('begun' in r ? [r.begun] : []));
    const refused = both.flatMap((r) => ('underWay' in r ? [r.underWay] : []));
    expect(begun).toHaveLength(1);
    expect(refused.map((r) => r.id)).toEqual([begun[0].id]);
    // Another city's run is its own.
    expect('begun' in (await begin('other-city', 'schedule'))).toBe(true);

    await runs.finish(begun[0], 'stopped');
    const next = await begin('default', 'admin:admin-1');
    expect('begun' in next).toBe(true);
    const listed = await runs.runs('default', 10);
    expect(listed.map((r) => [r.id === begun[0].id, r.outcome, r.finishedAt !== null])).toEqual(
      expect.arrayContaining([
        [true, 'stopped', true],
        [false, null, false],
      ]),
    );
  });

  it('a run under way whose report was not written for a while is cut short (its process gone), and a new one begins', async () => {
    const first = await begin('stale-city', 'schedule');
    if (!('begun' in first)) throw new Error('not begun');
    await ds.query(
      `UPDATE "${schema}".retention_runs SET updated_at = now() - interval '20 minutes' WHERE id = $1`,
      [first.begun.id],
    );
    // Written 20 minutes ago: not stale for a lease of an hour, stale for one of 15 minutes.
    expect('underWay' in (await begin('stale-city', 'admin:admin-1', 3600))).toBe(true);
    const next = await begin('stale-city', 'admin:admin-1', 900);
    expect('begun' in next).toBe(true);
    const cut = (await runs.runs('stale-city', 10)).find((r) => r.id === first.begun.id);
    expect(cut).toMatchObject({ outcome: 'cut-short' });
    expect(cut!.finishedAt!.getTime()).toBe(cut!.updatedAt.getTime());
  });

  it("each batch's report written keeps its run under way; once cut short, it is refused and the run stays so", async () => {
    const first = await begin('busy-city', 'schedule');
    if (!('begun' in first)) throw new Error('not begun');
    const backdate = () =>
      ds.query(
        `UPDATE "${schema}".retention_runs SET updated_at = now() - interval '20 minutes' WHERE id = $1`,
        [first.begun.id],
      );
    await backdate();
    first.begun.casesByService = { pothole: 1 };
    await runs.save(first.begun);
    expect('underWay' in (await begin('busy-city', 'admin:admin-1', 900))).toBe(true);

    // Not written for a while: another takes it to be cut short and begins; its next report is refused.
    await backdate();
    const next = await begin('busy-city', 'admin:admin-1', 900);
    expect('begun' in next).toBe(true);
    first.begun.casesByService = { pothole: 2 };
    await expect(runs.save(first.begun)).rejects.toMatchObject({ code: 'retention.run-cut-short' });
    expect(await runs.finish(first.begun, 'done')).toBeNull();
    const stored = (await runs.runs('busy-city', 10)).find((r) => r.id === first.begun.id);
    expect(stored).toMatchObject({ outcome: 'cut-short', casesByService: { pothole: 1 } });
  });
});
