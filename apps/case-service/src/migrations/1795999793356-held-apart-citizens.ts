import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Requests whose contacts were given anonymously and would have joined an existing citizen are kept apart on a record of their own (parties.possible_match_of); a contact is owned by one record, copies on held-apart records do not identify. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class HeldApartCitizens1795999793356 implements MigrationInterface {
  name = 'HeldApartCitizens1795999793356';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."contact_points_identity"`);
    await q.query(`ALTER TABLE "${s}"."parties" ADD "possible_match_of" uuid`);
    await q.query(`ALTER TABLE "${s}"."contact_points" ADD "held_apart" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE UNIQUE INDEX "contact_points_owner" ON "${s}"."contact_points" ("tenant_id", "kind", "value") WHERE "held_apart" = false`,
    );
    await q.query(
      `CREATE INDEX "contact_points_identity" ON "${s}"."contact_points" ("tenant_id", "kind", "value") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP INDEX "${s}"."contact_points_identity"`);
    await q.query(`DROP INDEX "${s}"."contact_points_owner"`);
    // Copies cannot stay once a contact is unique again (hand-written: the generator does not know it).
    await q.query(`DELETE FROM "${s}"."contact_points" WHERE "held_apart"`);
    await q.query(`ALTER TABLE "${s}"."contact_points" DROP COLUMN "held_apart"`);
    await q.query(`ALTER TABLE "${s}"."parties" DROP COLUMN "possible_match_of"`);
    await q.query(
      `CREATE UNIQUE INDEX "contact_points_identity" ON "${s}"."contact_points" ("tenant_id", "kind", "value") `,
    );
  }
}
