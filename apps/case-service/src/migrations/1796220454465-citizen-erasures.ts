import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/**
 * Erasures carried out (docs/personal-data.md): whose record, on what ground, by whom, when and what
 * each service changed. Generated from the entities (tools/db/generate-migration.ts), in the
 * service's schema.
 */
export class CitizenErasures1796220454465 implements MigrationInterface {
  name = 'CitizenErasures1796220454465';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."citizen_erasures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "party_id" uuid NOT NULL, "merged_ids" uuid array NOT NULL DEFAULT '{}', "ground" text NOT NULL, "erased_by" text NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, "erased" jsonb NOT NULL, CONSTRAINT "PK_e6246738e23a45104e3034902cc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "citizen_erasures_party" ON "${s}"."citizen_erasures"  ("tenant_id", "party_id") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."citizen_erasures_party"`);
    await q.query(`DROP TABLE "${s}"."citizen_erasures"`);
  }
}
