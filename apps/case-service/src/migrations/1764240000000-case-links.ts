import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Links between cases (duplicate-of, related-to) and citizens subscribed to a case's progress. Generated from the entities, in the service's schema. */
export class CaseLinks1764240000000 implements MigrationInterface {
  name = 'CaseLinks1764240000000';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."case_links" ("from_case_id" uuid NOT NULL, "to_case_id" uuid NOT NULL, "kind" text NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_afc6f3f3b6db6cbe8742ba8203e" PRIMARY KEY ("from_case_id", "to_case_id"))`,
    );
    await q.query(`CREATE INDEX "case_links_to" ON "${s}"."case_links" ("to_case_id") `);
    await q.query(
      `CREATE TABLE "${s}"."case_subscriptions" ("case_id" uuid NOT NULL, "party_id" uuid NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2867c80cea55100d26d061cdcc5" PRIMARY KEY ("case_id", "party_id"))`,
    );
    await q.query(`CREATE INDEX "case_subscriptions_party" ON "${s}"."case_subscriptions" ("party_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."case_subscriptions_party"`);
    await q.query(`DROP TABLE "${s}"."case_subscriptions"`);
    await q.query(`DROP INDEX "${s}"."case_links_to"`);
    await q.query(`DROP TABLE "${s}"."case_links"`);
  }
}
