import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The cases and citizens erased here (docs/personal-data.md): a message on its way at an erasure is recorded without its address and words. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class ErasedSubjects1796293170521 implements MigrationInterface {
  name = 'ErasedSubjects1796293170521';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."erased_subjects" ("tenant_id" text NOT NULL, "kind" text NOT NULL, "id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7c3aa6cffa2f4d753b23d0ab9fa" PRIMARY KEY ("tenant_id", "kind", "id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP TABLE "${s}"."erased_subjects"`);
  }
}
