import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The audit trail of citizen merges, with what moved, so that an administrator can reverse one. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CitizenMerges1795813275282 implements MigrationInterface {
  name = 'CitizenMerges1795813275282';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."citizen_merges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "survivor_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "merged_by" text NOT NULL, "channel" text, "reason" text NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "moves" jsonb NOT NULL, "reversed_by" text, "reversed_at" TIMESTAMP WITH TIME ZONE, "reversal_reason" text, CONSTRAINT "PK_ef7d51a2c5d7bbd75f1479ee336" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "citizen_merges_merged" ON "${s}"."citizen_merges" ("merged_id") `);
    await q.query(`CREATE INDEX "citizen_merges_survivor" ON "${s}"."citizen_merges" ("survivor_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."citizen_merges_survivor"`);
    await q.query(`DROP INDEX "${s}"."citizen_merges_merged"`);
    await q.query(`DROP TABLE "${s}"."citizen_merges"`);
  }
}
