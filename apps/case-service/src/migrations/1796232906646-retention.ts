import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Finished requests' personal data kept for a time: cases say when they were anonymised (an erasure or the retention run), with the partial index the retention run scans, and the runs' reports. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class Retention1796232906646 implements MigrationInterface {
  name = 'Retention1796232906646';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."retention_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "ran_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ran_by" text NOT NULL, "cases_by_service" jsonb NOT NULL, "erased" jsonb NOT NULL, "documents_left" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_80f0aec401112f8d4bad156a908" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "retention_runs_city" ON "${s}"."retention_runs"  ("tenant_id", "ran_at") `);
    await q.query(`ALTER TABLE "${s}"."cases" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    // The requests of citizens erased before: anonymised then.
    await q.query(
      `UPDATE "${s}"."cases" c SET "anonymised_at" = e."erased_at" FROM "${s}"."citizen_erasures" e
        WHERE c."tenant_id" = e."tenant_id" AND (c."party_id" = e."party_id" OR c."party_id" = ANY(e."merged_ids"))`,
    );
    await q.query(
      `CREATE INDEX "cases_retention_due" ON "${s}"."cases"  ("tenant_id", "service_code", "updated_at") WHERE "anonymised_at" IS NULL AND "status" IN ('closed', 'duplicate', 'not-our-responsibility', 'withdrawn')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."cases_retention_due"`);
    await q.query(`ALTER TABLE "${s}"."cases" DROP COLUMN "anonymised_at"`);
    await q.query(`DROP INDEX "${s}"."retention_runs_city"`);
    await q.query(`DROP TABLE "${s}"."retention_runs"`);
  }
}
