import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/**
 * The city that works a case another city hands it (a shared service, docs/multi-tenancy.md), as
 * the workflow routed it; its staff find those cases by it. Generated from the entities
 * (tools/db/generate-migration.ts), in the service's schema.
 */
export class WorkedBy1796217396791 implements MigrationInterface {
  name = 'WorkedBy1796217396791';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."cases" ADD "worked_by" text`);
    await q.query(
      `CREATE INDEX "cases_worked_by" ON "${s}"."cases"  ("worked_by", "received_at") WHERE "worked_by" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."cases_worked_by"`);
    await q.query(`ALTER TABLE "${s}"."cases" DROP COLUMN "worked_by"`);
  }
}
