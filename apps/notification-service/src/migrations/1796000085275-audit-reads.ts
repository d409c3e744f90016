import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { appendOnlyAuditSql } from '@city/platform-audit';

/** The append-only audit log of reads of personal data: who read which case's or citizen's messages, when (platform-audit). Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class AuditReads1796000085275 implements MigrationInterface {
  name = 'AuditReads1796000085275';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."audit_reads" ("id" BIGSERIAL NOT NULL, "tenant_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" text NOT NULL, "actor_subject" text NOT NULL, "action" text NOT NULL, "subject" text NOT NULL, "references" text array NOT NULL DEFAULT '{}', "outcome" smallint NOT NULL, "correlation_id" text, CONSTRAINT "PK_b507f08fa98c6433c1e577a8f80" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "audit_reads_by_subject" ON "${s}"."audit_reads" ("tenant_id", "subject", "at") `,
    );
    await q.query(
      `CREATE INDEX "audit_reads_by_actor" ON "${s}"."audit_reads" ("tenant_id", "actor", "at") `,
    );
    // Append-only: the database itself refuses to change or remove an audit row.
    for (const sql of appendOnlyAuditSql(s!)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP TABLE "${s}"."audit_reads"`);
    await q.query(`DROP FUNCTION "${s}"."audit_reads_append_only"()`);
  }
}
