import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Workflow definitions by version, and each case's run. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class WorkflowRuns1795816633100 implements MigrationInterface {
  name = 'WorkflowRuns1795816633100';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."workflow_definitions" ("tenant_id" text NOT NULL, "id" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "definition" jsonb NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ff3953e9b839e0dce69400531f1" PRIMARY KEY ("tenant_id", "id", "version"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."workflow_runs" ("case_id" uuid NOT NULL, "tenant_id" text NOT NULL, "workflow_id" text NOT NULL, "workflow_version" integer NOT NULL, "step" text NOT NULL, "status" text NOT NULL, "waiting_for" text, "trail" jsonb NOT NULL, "opened" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d92af014d2a8528e702b1113f96" PRIMARY KEY ("case_id"))`,
    );
    await q.query(`CREATE INDEX "workflow_runs_waiting" ON "${s}"."workflow_runs" ("tenant_id", "status") `);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."workflow_runs_waiting"`);
    await q.query(`DROP TABLE "${s}"."workflow_runs"`);
    await q.query(`DROP TABLE "${s}"."workflow_definitions"`);
  }
}
