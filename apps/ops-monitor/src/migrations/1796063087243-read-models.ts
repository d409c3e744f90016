import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** The ops-monitor's read models: cases as operations see them, status spans, the projection's state; its inbox and outbox. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class ReadModels1796063087243 implements MigrationInterface {
  name = 'ReadModels1796063087243';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."outbox" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "message_key" text, "event" jsonb NOT NULL, "headers" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "outbox_unpublished" ON "${s}"."outbox"  ("id") WHERE published_at IS NULL`);
    await q.query(
      `CREATE TABLE "${s}"."ops_cases" ("case_id" uuid NOT NULL, "tenant_id" text NOT NULL, "reference" text, "service_code" text, "lgsl_id" integer, "channel" text, "district" text, "status" text, "open" boolean NOT NULL DEFAULT true, "duplicate" boolean NOT NULL DEFAULT false, "queue" text, "priority" smallint, "assignee" text, "received_at" TIMESTAMP WITH TIME ZONE, "first_response_at" TIMESTAMP WITH TIME ZONE, "first_response_due_at" TIMESTAMP WITH TIME ZONE, "resolution_due_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_within_sla" boolean, "reopen_count" integer NOT NULL DEFAULT '0', "warned_at" TIMESTAMP WITH TIME ZONE, "breached_at" TIMESTAMP WITH TIME ZONE, "satisfaction" smallint, "status_since" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1222914cd2c8d3217c428cf6151" PRIMARY KEY ("case_id"))`,
    );
    await q.query(`CREATE INDEX "ops_cases_resolved" ON "${s}"."ops_cases"  ("tenant_id", "resolved_at") `);
    await q.query(`CREATE INDEX "ops_cases_received" ON "${s}"."ops_cases"  ("tenant_id", "received_at") `);
    await q.query(`CREATE INDEX "ops_cases_live" ON "${s}"."ops_cases"  ("tenant_id", "queue") WHERE open`);
    await q.query(
      `CREATE TABLE "${s}"."ops_status_spans" ("id" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "tenant_id" text NOT NULL, "status" text NOT NULL, "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "left_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9cf4f9043177708cb2840c6a190" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ops_status_spans_entered" ON "${s}"."ops_status_spans"  ("tenant_id", "entered_at") `,
    );
    await q.query(
      `CREATE INDEX "ops_status_spans_open" ON "${s}"."ops_status_spans"  ("case_id") WHERE left_at IS NULL`,
    );
    await q.query(
      `CREATE TABLE "${s}"."ops_projection_state" ("id" text NOT NULL, "built_since" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2f37fef4086a3a4ba3d7a28e8aa" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP TABLE "${s}"."ops_projection_state"`);
    await q.query(`DROP INDEX "${s}"."ops_status_spans_open"`);
    await q.query(`DROP INDEX "${s}"."ops_status_spans_entered"`);
    await q.query(`DROP TABLE "${s}"."ops_status_spans"`);
    await q.query(`DROP INDEX "${s}"."ops_cases_live"`);
    await q.query(`DROP INDEX "${s}"."ops_cases_received"`);
    await q.query(`DROP INDEX "${s}"."ops_cases_resolved"`);
    await q.query(`DROP TABLE "${s}"."ops_cases"`);
    await q.query(`DROP INDEX "${s}"."outbox_unpublished"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
    await q.query(`DROP TABLE "${s}"."inbox"`);
  }
}
