import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Messages owed to citizens and each delivery as it was sent (the portal inbox is the portal deliveries). Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class NotificationsAndDeliveries1795822245760 implements MigrationInterface {
  name = 'NotificationsAndDeliveries1795822245760';

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
      `CREATE TABLE "${s}"."deliveries" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "notification_id" uuid NOT NULL, "case_id" uuid NOT NULL, "reference" text NOT NULL, "citizen_id" uuid NOT NULL, "medium" text NOT NULL, "address" text, "template" text NOT NULL, "language" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "outcome" text NOT NULL, "detail" text, "provider_message_id" text, "attempts" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "deliveries_case" ON "${s}"."deliveries" ("tenant_id", "reference", "at") `);
    await q.query(`CREATE INDEX "deliveries_citizen" ON "${s}"."deliveries" ("citizen_id", "at") `);
    await q.query(
      `CREATE TABLE "${s}"."notifications" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "case_id" uuid NOT NULL, "reference" text NOT NULL, "template" text NOT NULL, "facts" jsonb NOT NULL, "cause_event_id" uuid NOT NULL, "correlation_id" text NOT NULL, "state" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "lease_until" TIMESTAMP WITH TIME ZONE, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "notifications_pending" ON "${s}"."notifications" ("requested_at") WHERE state = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."notifications_pending"`);
    await q.query(`DROP TABLE "${s}"."notifications"`);
    await q.query(`DROP INDEX "${s}"."deliveries_citizen"`);
    await q.query(`DROP INDEX "${s}"."deliveries_case"`);
    await q.query(`DROP TABLE "${s}"."deliveries"`);
    await q.query(`DROP INDEX "${s}"."outbox_unpublished"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
    await q.query(`DROP TABLE "${s}"."inbox"`);
  }
}
