import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Agents as their newest presence report left them, and the town-hall counters' tickets, for the live board (issue 13). Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class Workforce1796072592353 implements MigrationInterface {
  name = 'Workforce1796072592353';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."ops_agents" ("tenant_id" text NOT NULL, "agent_id" text NOT NULL, "queues" text array NOT NULL, "capacity" integer NOT NULL, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signed_in_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d699e5e4fd43977b9255f57a05d" PRIMARY KEY ("tenant_id", "agent_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."ops_counter_tickets" ("ticket_id" uuid NOT NULL, "tenant_id" text NOT NULL, "ticket" text NOT NULL, "office" text NOT NULL, "queue" text NOT NULL, "day" date NOT NULL, "service_code" text, "state" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "called_at" TIMESTAMP WITH TIME ZONE, "clerk_id" text, "counter" text, "ended_at" TIMESTAMP WITH TIME ZONE, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "estimated_wait_minutes" integer, CONSTRAINT "PK_ed6205f78bfb4c9e3e6c2e76ce5" PRIMARY KEY ("ticket_id"))`,
    );
    await q.query(
      `CREATE INDEX "ops_counter_tickets_office" ON "${s}"."ops_counter_tickets"  ("tenant_id", "office", "queue") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."ops_counter_tickets_office"`);
    await q.query(`DROP TABLE "${s}"."ops_counter_tickets"`);
    await q.query(`DROP TABLE "${s}"."ops_agents"`);
  }
}
