import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** When each agent or clerk was last seen signed in, for the supervisors' live view. Written as tools/db/generate-migration.ts writes it, in the service's schema. */
export class AgentPresence1796045201307 implements MigrationInterface {
  name = 'AgentPresence1796045201307';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."agents" ADD "last_seen_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."agents" DROP COLUMN "last_seen_at"`);
  }
}
