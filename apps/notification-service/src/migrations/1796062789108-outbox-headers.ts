import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The outbox keeps the trace context of the transaction that wrote each event (W3C traceparent), so the relay publishes the event in that trace. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class OutboxHeaders1796062789108 implements MigrationInterface {
  name = 'OutboxHeaders1796062789108';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."outbox" ADD "headers" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."outbox" DROP COLUMN "headers"`);
  }
}
