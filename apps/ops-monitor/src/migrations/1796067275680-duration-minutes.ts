import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Minutes to first response and to resolution on each case, and in each status on each span, for the reports' histograms. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class DurationMinutes1796067275680 implements MigrationInterface {
  name = 'DurationMinutes1796067275680';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."ops_cases" ADD "first_response_minutes" integer`);
    await q.query(`ALTER TABLE "${s}"."ops_cases" ADD "resolution_minutes" integer`);
    await q.query(`ALTER TABLE "${s}"."ops_status_spans" ADD "minutes" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."ops_status_spans" DROP COLUMN "minutes"`);
    await q.query(`ALTER TABLE "${s}"."ops_cases" DROP COLUMN "resolution_minutes"`);
    await q.query(`ALTER TABLE "${s}"."ops_cases" DROP COLUMN "first_response_minutes"`);
  }
}
