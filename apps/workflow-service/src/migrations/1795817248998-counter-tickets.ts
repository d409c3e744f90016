import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Town-hall counter tickets. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class CounterTickets1795817248998 implements MigrationInterface {
  name = 'CounterTickets1795817248998';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."counter_tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "office" text NOT NULL, "queue" text NOT NULL, "day" text NOT NULL, "display" text NOT NULL, "service_code" text, "state" text NOT NULL, "contact" jsonb, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "called_at" TIMESTAMP WITH TIME ZONE, "clerk_id" text, "counter" text, "ended_at" TIMESTAMP WITH TIME ZONE, "case_reference" text, CONSTRAINT "PK_f2dfe5f3da35607e983fb347cb3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "counter_tickets_number" ON "${s}"."counter_tickets" ("tenant_id", "office", "day", "display") `,
    );
    await q.query(
      `CREATE INDEX "counter_tickets_waiting" ON "${s}"."counter_tickets" ("tenant_id", "office", "queue", "issued_at") WHERE "state" = 'waiting'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."counter_tickets_waiting"`);
    await q.query(`DROP INDEX "${s}"."counter_tickets_number"`);
    await q.query(`DROP TABLE "${s}"."counter_tickets"`);
  }
}
