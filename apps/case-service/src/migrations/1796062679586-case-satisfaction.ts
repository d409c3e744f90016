import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** A citizen's answer to the satisfaction question after resolution: one row per case (score 1-5, how it came, when), replaced when the citizen changes it. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CaseSatisfaction1796062679586 implements MigrationInterface {
  name = 'CaseSatisfaction1796062679586';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."case_satisfaction" ("case_id" uuid NOT NULL, "tenant_id" text NOT NULL, "score" smallint NOT NULL, "via" text NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "case_satisfaction_score" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "PK_127856b15a0188f16dac343c643" PRIMARY KEY ("case_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP TABLE "${s}"."case_satisfaction"`);
  }
}
