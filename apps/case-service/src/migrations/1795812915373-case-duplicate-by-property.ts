import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** An index for the duplicate search by property id (UPRN) within one service. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CaseDuplicateByProperty1795812915373 implements MigrationInterface {
  name = 'CaseDuplicateByProperty1795812915373';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE INDEX "cases_service_property" ON "${s}"."cases" ("tenant_id", "service_code", "property_id") WHERE "property_id" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."cases_service_property"`);
  }
}
