import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Dead letters of every topic as operations see them (place, origin, group, event type and ids, reason, attempts, when; put back when, by whom, in which replay; gone from the topic), and each replay asked for from the ops-monitor (who, when, what was asked, what became of each letter). Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class DeadLetters1796065481452 implements MigrationInterface {
  name = 'DeadLetters1796065481452';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(
      `CREATE TABLE "${s}"."ops_dead_letters" ("topic" text NOT NULL, "dlq_partition" integer NOT NULL, "dlq_offset" bigint NOT NULL, "message_key" text, "original_partition" integer, "original_offset" bigint, "consumer_group" text, "event_type" text, "event_version" integer, "event_id" text, "tenant_id" text, "correlation_id" text, "error" text NOT NULL, "attempts" integer, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replay_of" text, "replayed_at" TIMESTAMP WITH TIME ZONE, "replayed_by" text, "replay_id" uuid, "expired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_863b803589d274e464ae91113ed" PRIMARY KEY ("topic", "dlq_partition", "dlq_offset"))`,
    );
    await q.query(
      `CREATE INDEX "ops_dead_letters_waiting" ON "${s}"."ops_dead_letters"  ("topic", "failed_at") WHERE replayed_at IS NULL AND expired_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ops_dead_letters_newest" ON "${s}"."ops_dead_letters"  ("topic", "failed_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."ops_dead_letter_replays" ("id" uuid NOT NULL, "topic" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "actor_subject" text NOT NULL, "requested" text array, "outcomes" jsonb NOT NULL, CONSTRAINT "PK_61852ff642539573752125f0c96" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ops_dead_letter_replays_at" ON "${s}"."ops_dead_letter_replays"  ("topic", "at") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."ops_dead_letter_replays_at"`);
    await q.query(`DROP TABLE "${s}"."ops_dead_letter_replays"`);
    await q.query(`DROP INDEX "${s}"."ops_dead_letters_newest"`);
    await q.query(`DROP INDEX "${s}"."ops_dead_letters_waiting"`);
    await q.query(`DROP TABLE "${s}"."ops_dead_letters"`);
  }
}
