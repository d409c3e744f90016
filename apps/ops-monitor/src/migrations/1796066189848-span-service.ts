import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The service on each status span, so that the process review reads one table. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class SpanService1796066189848 implements MigrationInterface {
  name = 'SpanService1796066189848';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."ops_status_spans" ADD "service_code" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."ops_status_spans" DROP COLUMN "service_code"`);
  }
}
