import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/**
 * The unified case record: citizens (parties) and their contact points, cases, interactions, the
 * append-only timeline, and the inbox and outbox. Generated from the entities, in the service's schema.
 */
export class CaseRecord1764230000000 implements MigrationInterface {
  name = 'CaseRecord1764230000000';

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
      `CREATE TABLE "${s}"."contact_points" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "party_id" uuid NOT NULL, "kind" text NOT NULL, "value" text NOT NULL, "property_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4bc7017b4c818a96c7962fb9647" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "contact_points_party" ON "${s}"."contact_points" ("party_id") `);
    await q.query(
      `CREATE UNIQUE INDEX "contact_points_identity" ON "${s}"."contact_points" ("tenant_id", "kind", "value") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."parties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "first_name" text, "last_name" text, "preferred_channel" text NOT NULL, "language" text NOT NULL, "consent_updates" boolean NOT NULL DEFAULT true, "support_needs" boolean NOT NULL DEFAULT false, "merged_into" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_da698299dca60d55f0050dde935" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "parties_tenant_name" ON "${s}"."parties" ("tenant_id", "last_name", "first_name") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "reference" text NOT NULL, "service_code" text NOT NULL, "service_version" integer NOT NULL, "lgsl_id" integer NOT NULL, "interaction_type" text NOT NULL, "status" text NOT NULL, "priority" smallint NOT NULL DEFAULT '3', "description" text, "attributes" jsonb NOT NULL, "lat" double precision, "long" double precision, "address" text, "property_id" text, "channel_of_origin" text NOT NULL, "party_id" uuid, "queue" text NOT NULL, "assignee" text, "first_response_due_at" TIMESTAMP WITH TIME ZONE, "resolution_due_at" TIMESTAMP WITH TIME ZONE, "duplicate_of" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "cases_party" ON "${s}"."cases" ("party_id") `);
    await q.query(`CREATE INDEX "cases_service" ON "${s}"."cases" ("tenant_id", "service_code", "status") `);
    await q.query(`CREATE INDEX "cases_status" ON "${s}"."cases" ("tenant_id", "status") `);
    await q.query(`CREATE UNIQUE INDEX "cases_reference" ON "${s}"."cases" ("tenant_id", "reference") `);
    await q.query(
      `CREATE TABLE "${s}"."interactions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "party_id" uuid, "channel" text NOT NULL, "direction" text NOT NULL, "kind" text NOT NULL, "handled_by" text, "handler_kind" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "summary" text NOT NULL, "case_ids" uuid array NOT NULL, "details" jsonb NOT NULL, CONSTRAINT "PK_911b7416a6671b4148b18c18ecb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "interactions_party" ON "${s}"."interactions" ("party_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "${s}"."timeline_entries" ("id" BIGSERIAL NOT NULL, "tenant_id" text NOT NULL, "case_id" uuid NOT NULL, "kind" text NOT NULL, "actor" text NOT NULL, "channel" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "summary" text NOT NULL, "details" jsonb NOT NULL, CONSTRAINT "PK_6a83c1403a1bb1f7619bd80f2b7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "timeline_case" ON "${s}"."timeline_entries" ("case_id", "at") `);
    await q.query(
      `ALTER TABLE "${s}"."contact_points" ADD CONSTRAINT "FK_3f8cdfc4778c65778cad1b7ae53" FOREIGN KEY ("party_id") REFERENCES "${s}"."parties"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`ALTER TABLE "${s}"."contact_points" DROP CONSTRAINT "FK_3f8cdfc4778c65778cad1b7ae53"`);
    await q.query(`DROP INDEX "${s}"."timeline_case"`);
    await q.query(`DROP TABLE "${s}"."timeline_entries"`);
    await q.query(`DROP INDEX "${s}"."interactions_party"`);
    await q.query(`DROP TABLE "${s}"."interactions"`);
    await q.query(`DROP INDEX "${s}"."cases_reference"`);
    await q.query(`DROP INDEX "${s}"."cases_status"`);
    await q.query(`DROP INDEX "${s}"."cases_service"`);
    await q.query(`DROP INDEX "${s}"."cases_party"`);
    await q.query(`DROP TABLE "${s}"."cases"`);
    await q.query(`DROP INDEX "${s}"."parties_tenant_name"`);
    await q.query(`DROP TABLE "${s}"."parties"`);
    await q.query(`DROP INDEX "${s}"."contact_points_identity"`);
    await q.query(`DROP INDEX "${s}"."contact_points_party"`);
    await q.query(`DROP TABLE "${s}"."contact_points"`);
    await q.query(`DROP INDEX "${s}"."outbox_unpublished"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
    await q.query(`DROP TABLE "${s}"."inbox"`);
  }
}
