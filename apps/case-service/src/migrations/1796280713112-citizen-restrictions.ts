import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Restrictions of citizens' records (GDPR article 18): on what ground, by whom, since when, and how they were lifted. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CitizenRestrictions1796280713112 implements MigrationInterface {
  name = 'CitizenRestrictions1796280713112';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."citizen_restrictions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "party_id" uuid NOT NULL, "ground" text NOT NULL, "restricted_by" text NOT NULL, "restricted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lifted_by" text, "lifted_at" TIMESTAMP WITH TIME ZONE, "told" text, CONSTRAINT "PK_5280eba86cb0ec2ec1db05b5541" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "citizen_restrictions_in_force" ON "${s}"."citizen_restrictions"  ("tenant_id", "party_id") WHERE lifted_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."citizen_restrictions_in_force"`);
    await q.query(`DROP TABLE "${s}"."citizen_restrictions"`);
  }
}
