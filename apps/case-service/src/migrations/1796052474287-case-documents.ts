import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The documents citizens send with a reply to their request: what is known of each (its own name made safe, its type by content, size, SHA-256, where its bytes are kept, whether it was scanned), by case. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CaseDocuments1796052474287 implements MigrationInterface {
  name = 'CaseDocuments1796052474287';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."case_documents" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "case_id" uuid NOT NULL, "name" text NOT NULL, "content_type" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "storage_key" text NOT NULL, "scan" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "uploaded_by" text NOT NULL, CONSTRAINT "PK_9a2d2ceeefa232f683c414986ad" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "case_documents_case" ON "${s}"."case_documents"  ("case_id", "uploaded_at") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."case_documents_case"`);
    await q.query(`DROP TABLE "${s}"."case_documents"`);
  }
}
