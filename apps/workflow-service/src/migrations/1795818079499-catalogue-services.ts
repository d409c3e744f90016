import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The catalogue's services, every version. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CatalogueServices1795818079499 implements MigrationInterface {
  name = 'CatalogueServices1795818079499';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."catalogue_services" ("tenant_id" text NOT NULL, "code" text NOT NULL, "version" integer NOT NULL, "definition" jsonb NOT NULL, "changed_by" text NOT NULL, "reason" text NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ce487b40815b1419cb165595025" PRIMARY KEY ("tenant_id", "code", "version"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP TABLE "${s}"."catalogue_services"`);
  }
}
