import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { assertTestDatabase, ensureSchema } from './data-source';
import { insertMany } from './insert-many';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

@Entity({ name: 'things' })
@Index('things_name', ['name'], { unique: true })
class Thing {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ type: 'uuid', array: true })
  refs!: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  tags!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  at!: Date | null;

  @Column({ type: 'smallint', default: 3 })
  priority!: number;

  @VersionColumn()
  version!: number;
}

/** Many rows in one statement, against the real Postgres: values, defaults, order and conflicts as TypeORM would write them. */
describe('insertMany (real Postgres)', () => {
  const schema = `insert_many_${randomUUID().slice(0, 8)}`;
  let ds: DataSource;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureSchema(TEST_DB, schema);
    ds = new DataSource({
      type: 'postgres',
      url: TEST_DB,
      schema,
      entities: [Thing],
      synchronize: true,
      logging: false,
    });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  it('writes every row with its values, in order, and leaves the rest to the defaults', async () => {
    const at = new Date('2026-11-27T10:15:30.123Z');
    const rows: Array<Partial<Thing>> = Array.from({ length: 500 }, (_, i) => ({
      name: `thing-${i}`,
      details: { i, quote: 'say "hi"', nested: { list: [1, 'two'] } },
      refs: [randomUUID(), randomUUID()],
      tags: i === 0 ? ['a,b', 'c"d', 'e\\f', '{g}'] : [],
      at: i % 2 ? at : null,
    }));
    await insertMany(ds.manager, Thing, rows);
    const stored = await ds.getRepository(Thing).find({ order: { id: 'ASC' } });
    expect(stored.map((t) => t.name)).toEqual(rows.map((r) => r.name));
    expect(stored[0]).toMatchObject({
      details: rows[0].details,
      refs: rows[0].refs,
      tags: ['a,b', 'c"d', 'e\\f', '{g}'],
      at: null,
      priority: 3,
      version: 1,
    });
    expect(stored[1].at?.toISOString()).toBe(at.toISOString());
    expect(stored[499]).toMatchObject({ details: rows[499].details, refs: rows[499].refs, tags: [] });
  });

  it('skips rows that break a unique constraint when asked, and fails the whole statement otherwise', async () => {
    const row = (name: string): Partial<Thing> => ({ name, details: {}, refs: [] });
    await insertMany(ds.manager, Thing, [row('unique-1'), row('thing-1'), row('unique-2')], {
      ignoreConflicts: true,
    });
    expect(await ds.getRepository(Thing).countBy({ name: 'thing-1' })).toBe(1);
    expect(await ds.getRepository(Thing).countBy({ name: 'unique-2' })).toBe(1);
    await expect(insertMany(ds.manager, Thing, [row('unique-3'), row('thing-2')])).rejects.toThrow(
      /duplicate key/,
    );
    expect(await ds.getRepository(Thing).countBy({ name: 'unique-3' })).toBe(0);
  });
});
