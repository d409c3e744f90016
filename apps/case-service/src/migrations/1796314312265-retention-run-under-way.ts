import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** One retention run of a city under way at a time: runs say when and how they ended (done, stopped, cut short), and a run under way not heard of for a while is cut short. Generated from the entities (tools/db/generate-migration.ts), in the service's schema; the backfill of the runs before it is written by hand. */
export class RetentionRunUnderWay1796314312265 implements MigrationInterface {
  name = 'RetentionRunUnderWay1796314312265';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."retention_runs" ADD "finished_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "${s}"."retention_runs" ADD "outcome" text`);
    await q.query(
      `ALTER TABLE "${s}"."retention_runs" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    // The runs before this one ended, at a time and in a way not recorded: when they began, outcome unknown (null).
    await q.query(`UPDATE "${s}"."retention_runs" SET "finished_at" = "ran_at", "updated_at" = "ran_at"`);
    await q.query(
      `CREATE UNIQUE INDEX "retention_runs_one_under_way" ON "${s}"."retention_runs"  ("tenant_id") WHERE "finished_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."retention_runs_one_under_way"`);
    await q.query(`ALTER TABLE "${s}"."retention_runs" DROP COLUMN "updated_at"`);
    await q.query(`ALTER TABLE "${s}"."retention_runs" DROP COLUMN "outcome"`);
    await q.query(`ALTER TABLE "${s}"."retention_runs" DROP COLUMN "finished_at"`);
  }
}
