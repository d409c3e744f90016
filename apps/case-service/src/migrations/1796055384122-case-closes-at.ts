import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** When a resolved case closes by itself, after which its citizen can no longer reopen it (the workflow's CaseCloseScheduled). The statement tools/db/generate-migration.ts writes for the entity, in the service's schema. */
export class CaseClosesAt1796055384122 implements MigrationInterface {
  name = 'CaseClosesAt1796055384122';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."cases" ADD "closes_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."cases" DROP COLUMN "closes_at"`);
  }
}
