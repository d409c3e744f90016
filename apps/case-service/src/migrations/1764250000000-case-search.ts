import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Indexes for agents' searches at a million cases: by status, queue and time, and trigram indexes for address and name (ILIKE '%...%'). The extension pg_trgm stays when rolled back; other schemas may use it. Generated from the entities, in the service's schema. */
export class CaseSearch1764250000000 implements MigrationInterface {
  name = 'CaseSearch1764250000000';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."cases_status"`);
    await q.query(`CREATE INDEX "cases_received" ON "${s}"."cases" ("tenant_id", "received_at") `);
    await q.query(`CREATE INDEX "cases_queue" ON "${s}"."cases" ("tenant_id", "queue", "received_at") `);
    await q.query(`CREATE INDEX "cases_status" ON "${s}"."cases" ("tenant_id", "status", "received_at") `);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(
      `CREATE INDEX "cases_address_trgm" ON "${s}"."cases" USING gin ("address" public.gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX "parties_name_trgm" ON "${s}"."parties" USING gin ((coalesce("first_name", '') || ' ' || coalesce("last_name", '')) public.gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."parties_name_trgm"`);
    await q.query(`DROP INDEX "${s}"."cases_address_trgm"`);
    await q.query(`DROP INDEX "${s}"."cases_status"`);
    await q.query(`DROP INDEX "${s}"."cases_queue"`);
    await q.query(`DROP INDEX "${s}"."cases_received"`);
    await q.query(`CREATE INDEX "cases_status" ON "${s}"."cases" ("tenant_id", "status") `);
  }
}
