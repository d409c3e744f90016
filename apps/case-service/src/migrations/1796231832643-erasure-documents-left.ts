import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** An erasure keeps the document bytes it could not remove yet, to try again when asked again. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class ErasureDocumentsLeft1796231832643 implements MigrationInterface {
  name = 'ErasureDocumentsLeft1796231832643';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."citizen_erasures" ADD "documents_left" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."citizen_erasures" DROP COLUMN "documents_left"`);
  }
}
