import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The city's ambitions for the self-assessment, by LGSL id (0: the city's own). Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class Ambitions1796065082542 implements MigrationInterface {
  name = 'Ambitions1796065082542';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."ops_ambitions" ("tenant_id" text NOT NULL, "lgsl_id" integer NOT NULL, "offer_online" boolean, "digital_take_up_percent" real, "within_sla_percent" real, "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d2bebe3e5e2fdab516b5afdae61" PRIMARY KEY ("tenant_id", "lgsl_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP TABLE "${s}"."ops_ambitions"`);
  }
}
