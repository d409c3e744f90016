import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** An entity's table, schema-qualified and quoted, for statements written by hand. */
export function tableName(manager: EntityManager, target: EntityTarget<ObjectLiteral>): string {
  const meta = manager.dataSource.getMetadata(target);
  return [meta.schema, meta.tableName]
    .filter((n): n is string => Boolean(n))
    .map((n) => manager.dataSource.driver.escape(n))
    .join('.');
}

/** A Postgres array literal for an array column's value ({"a","b"}), which unnest cannot carry as a 2-D array. */
function arrayLiteral(values: unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * Inserts many rows of an entity in one statement whose size does not grow with the rows: one array
 * parameter per column, spread by `unnest` (INSERT ... SELECT FROM unnest($1::uuid[], $2::text[], ...)).
 * TypeORM's multi-row insert builds one parameter per value, and its cost grows faster than the rows;
 * this keeps a batch of hundreds of cases cheap. Values go through TypeORM's own conversion (json,
 * dates), columns left undefined in every row take their database default, a version column starts
 * at 1, and rows keep their order (a serial id follows it). With ignoreConflicts, rows that would
 * break a unique constraint are skipped (ON CONFLICT DO NOTHING).
 */
export async function insertMany<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Array<Partial<T>>,
  options: { ignoreConflicts?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const meta = manager.dataSource.getMetadata(target);
  const driver = manager.dataSource.driver;
  const valueOf = (c: ColumnMetadata, row: Partial<T>): unknown => {
    const v = c.getEntityValue(row);
    if (v === undefined || v === null) return c.isVersion ? 1 : null;
    const prepared = driver.preparePersistentValue(v, c);
    return c.isArray ? arrayLiteral(prepared as unknown[]) : prepared;
  };
  const columns = meta.columns.filter(
    (c) => !c.isVirtual && (c.isVersion || rows.some((r) => c.getEntityValue(r) !== undefined)),
  );
  const typeOf = (c: ColumnMetadata) => driver.normalizeType(c);
  const table = tableName(manager, target);
  const names = columns.map((c) => driver.escape(c.databaseName));
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => (c.isArray ? `${aliases[i]}::${typeOf(c)}[]` : aliases[i]));
  const sql =
    `INSERT INTO ${table} (${names.join(', ')}) ` +
    `SELECT ${select.join(', ')} FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.isArray ? 'text' : typeOf(c)}[]`).join(', ')}) WITH ORDINALITY AS u(${aliases.join(', ')}, n) ORDER BY n` +
    (options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : '');
  await manager.query(
    sql,
    columns.map((c) => rows.map((r) => valueOf(c, r))),
  );
}
