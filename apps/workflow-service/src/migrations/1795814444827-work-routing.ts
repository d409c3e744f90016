import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Work items, service-level clocks and agents' work profiles. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class WorkRouting1795814444827 implements MigrationInterface {
  name = 'WorkRouting1795814444827';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."outbox" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "message_key" text, "event" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "outbox_unpublished" ON "${s}"."outbox" ("id") WHERE published_at IS NULL`);
    await q.query(
      `CREATE TABLE "${s}"."agents" ("tenant_id" text NOT NULL, "id" text NOT NULL, "queues" text array NOT NULL, "skills" text array NOT NULL, "capacity" integer NOT NULL, CONSTRAINT "PK_10a5c6ea37ca8db23b6d9283619" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."sla_clocks" ("case_id" uuid NOT NULL, "target" text NOT NULL, "tenant_id" text NOT NULL, "reference" text NOT NULL, "target_value" double precision NOT NULL, "target_unit" text NOT NULL, "calendar" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "pauses" jsonb NOT NULL DEFAULT '[]', "warn_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE, "state" text NOT NULL, "warned_at" TIMESTAMP WITH TIME ZONE, "breached_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2b5883f470cd600630773ef75c0" PRIMARY KEY ("case_id", "target"))`,
    );
    await q.query(`CREATE INDEX "sla_clocks_live" ON "${s}"."sla_clocks" ("tenant_id", "state") `);
    await q.query(
      `CREATE TABLE "${s}"."work_items" ("case_id" uuid NOT NULL, "tenant_id" text NOT NULL, "reference" text NOT NULL, "service_code" text NOT NULL, "channel" text NOT NULL, "queue" text NOT NULL, "priority" smallint NOT NULL, "skills" text array NOT NULL, "state" text NOT NULL, "assignee" text, "escalated" boolean NOT NULL DEFAULT false, "routing_rule" text NOT NULL, "area" text, "first_response_due_at" TIMESTAMP WITH TIME ZONE, "resolution_due_at" TIMESTAMP WITH TIME ZONE, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_e31b429d71a68de6a3c47c5be66" PRIMARY KEY ("case_id"))`,
    );
    await q.query(
      `CREATE INDEX "work_items_assignee" ON "${s}"."work_items" ("tenant_id", "assignee") WHERE "state" = 'assigned'`,
    );
    await q.query(
      `CREATE INDEX "work_items_next" ON "${s}"."work_items" ("tenant_id", "queue", "priority", "resolution_due_at", "received_at") WHERE "state" = 'queued'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."work_items_next"`);
    await q.query(`DROP INDEX "${s}"."work_items_assignee"`);
    await q.query(`DROP TABLE "${s}"."work_items"`);
    await q.query(`DROP INDEX "${s}"."sla_clocks_live"`);
    await q.query(`DROP TABLE "${s}"."sla_clocks"`);
    await q.query(`DROP TABLE "${s}"."agents"`);
    await q.query(`DROP INDEX "${s}"."outbox_unpublished"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
    await q.query(`DROP TABLE "${s}"."inbox"`);
  }
}
