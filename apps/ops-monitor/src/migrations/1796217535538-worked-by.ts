import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/**
 * Both cities count a shared case: the city that works a case for another (docs/multi-tenancy.md),
 * as CaseRouted says it, with an index for each of its board's and reports' lookups. Generated from
 * the entities (tools/db/generate-migration.ts), in the service's schema.
 */
export class WorkedBy1796217535538 implements MigrationInterface {
  name = 'WorkedBy1796217535538';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."ops_cases" ADD "worked_by" text`);
    await q.query(
      `CREATE INDEX "ops_cases_worked_received" ON "${s}"."ops_cases"  ("worked_by", "received_at") WHERE "worked_by" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ops_cases_worked_live" ON "${s}"."ops_cases"  ("worked_by", "queue") WHERE open AND "worked_by" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."ops_cases_worked_live"`);
    await q.query(`DROP INDEX "${s}"."ops_cases_worked_received"`);
    await q.query(`ALTER TABLE "${s}"."ops_cases" DROP COLUMN "worked_by"`);
  }
}
