import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** A record says when its citizen's personal data was erased from it (docs/personal-data.md): staff see why it holds no name. Generated from the entities (tools/db/generate-migration.ts), in the service's schema, and filled for the records erased before it. */
export class ErasedRecords1796293312156 implements MigrationInterface {
  name = 'ErasedRecords1796293312156';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."parties" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    // Records erased before: as their erasure's report says.
    await q.query(
      `UPDATE "${s}"."parties" p SET erased_at = e.erased_at FROM "${s}"."citizen_erasures" e
        WHERE p.tenant_id = e.tenant_id AND (p.id = e.party_id OR p.id = ANY(e.merged_ids))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."parties" DROP COLUMN "erased_at"`);
  }
}
