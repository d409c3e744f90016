import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** A reply to a text is matched to the latest text sent to its number (the satisfaction question's reply 1 to 5): texts by tenant, number and time. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class DeliveriesSmsTo1796063023392 implements MigrationInterface {
  name = 'DeliveriesSmsTo1796063023392';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE INDEX "deliveries_sms_to" ON "${s}"."deliveries"  ("tenant_id", "address", "at") WHERE "medium" = 'sms'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."deliveries_sms_to"`);
  }
}
