import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { takeNextEachFunction } from './1796099446937-take-next-each';

/**
 * A city works the services other cities hand it (docs/multi-tenancy.md): each work item says which
 * city's queue holds it (its own city's, for every item before), and the queues, loads and "take
 * next" look items up by it. Generated from the entities (tools/db/generate-migration.ts), with the
 * column filled before it is made NOT NULL, and take_next_each written again to read it.
 */
export class WorkedBy1796217169583 implements MigrationInterface {
  name = 'WorkedBy1796217169583';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."work_items_assignee"`);
    await q.query(`DROP INDEX "${s}"."work_items_next"`);
    await q.query(`ALTER TABLE "${s}"."work_items" ADD "worked_by" text`);
    await q.query(`UPDATE "${s}"."work_items" SET "worked_by" = "tenant_id"`);
    await q.query(`ALTER TABLE "${s}"."work_items" ALTER COLUMN "worked_by" SET NOT NULL`);
    await q.query(
      `CREATE INDEX "work_items_assignee" ON "${s}"."work_items"  ("worked_by", "assignee") WHERE "state" = 'assigned'`,
    );
    await q.query(
      `CREATE INDEX "work_items_next" ON "${s}"."work_items"  ("worked_by", "queue", "priority", "resolution_due_at", "received_at") WHERE "state" = 'queued'`,
    );
    await q.query(takeNextEachFunction(s, 'worked_by', 'CREATE OR REPLACE'));
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(takeNextEachFunction(s, 'tenant_id', 'CREATE OR REPLACE'));
    await q.query(`DROP INDEX "${s}"."work_items_next"`);
    await q.query(`DROP INDEX "${s}"."work_items_assignee"`);
    await q.query(`ALTER TABLE "${s}"."work_items" DROP COLUMN "worked_by"`);
    await q.query(
      `CREATE INDEX "work_items_next" ON "${s}"."work_items" USING btree ("tenant_id", "queue", "priority", "resolution_due_at", "received_at") WHERE (state = 'queued'::text)`,
    );
    await q.query(
      `CREATE INDEX "work_items_assignee" ON "${s}"."work_items" USING btree ("tenant_id", "assignee") WHERE (state = 'assigned'::text)`,
    );
  }
}
