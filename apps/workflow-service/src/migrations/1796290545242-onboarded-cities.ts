import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Cities onboarded through the admin API (docs/multi-tenancy.md): one row each, its id and its jurisdiction taken once. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class OnboardedCities1796290545242 implements MigrationInterface {
  name = 'OnboardedCities1796290545242';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."onboarded_cities" ("city" text NOT NULL, "name" text NOT NULL, "jurisdiction" text NOT NULL, "configuration" jsonb NOT NULL, "onboarded_by" text NOT NULL, "onboarded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0fa0058b4b2503984b54328b5aa" PRIMARY KEY ("city"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "onboarded_cities_jurisdiction" ON "${s}"."onboarded_cities"  ("jurisdiction") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."onboarded_cities_jurisdiction"`);
    await q.query(`DROP TABLE "${s}"."onboarded_cities"`);
  }
}
