// Writes a migration from the difference between a service's entities and its committed migrations:
//   npm run db:migration -- case-service CitizenMerges "Why this change"
// It applies the committed migrations to a scratch schema in the test database, asks TypeORM what
// the entities still need, and writes those statements (with the schema as a parameter, as every
// migration here takes it) to apps/<service>/src/migrations/<timestamp>-<kebab-name>.ts. Register the
// class in the service's migration list; the service's integration test fails until nothing is missing.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { assertTestDatabase, dataSourceOptions } from '@city/platform-database';
import { CASE_ENTITIES, CASE_MIGRATIONS } from '../../apps/case-service/src/app.module';
import { WORKFLOW_ENTITIES, WORKFLOW_MIGRATIONS } from '../../apps/workflow-service/src/app.module';
import {
  NOTIFICATION_ENTITIES,
  NOTIFICATION_MIGRATIONS,
} from '../../apps/notification-service/src/app.module';
import { OPS_ENTITIES, OPS_MIGRATIONS } from '../../apps/ops-monitor/src/app.module';

const SERVICES = {
  'case-service': { entities: CASE_ENTITIES, migrations: CASE_MIGRATIONS },
  'workflow-service': { entities: WORKFLOW_ENTITIES, migrations: WORKFLOW_MIGRATIONS },
  'notification-service': { entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS },
  'ops-monitor': { entities: OPS_ENTITIES, migrations: OPS_MIGRATIONS },
};

async function main() {
  const [service, name, why] = process.argv.slice(2);
  const s = SERVICES[service as keyof typeof SERVICES];
  if (!s || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error(`usage: db:migration -- <${Object.keys(SERVICES).join('|')}> <PascalCaseName> ["why"]`);
    process.exit(2);
  }
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
  assertTestDatabase(url);
  const schema = `migration_${randomUUID().slice(0, 8)}`;
  const ds = new DataSource(
    dataSourceOptions({ url, schema, entities: s.entities, migrations: s.migrations }),
  );
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('entities and migrations agree: nothing to write');
      return;
    }
    const lines = (qs: typeof sql.upQueries) =>
      qs
        .map(
          (q) =>
            `    await q.query(\`${q.query.split(`"${schema}"`).join('"${s}"').replace(/`/g, '\\`')}\`);`,
        )
        .join('\n');
    const ts = Date.now();
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const file = `apps/${service}/src/migrations/${ts}-${kebab}.ts`;
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** ${why ?? name}. Generated from the entities (tools/db/generate-migration.ts), in the service's schema. */
export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
${lines(sql.upQueries)}
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
${lines([...sql.downQueries].reverse())}
  }
}
`,
    );
    console.log(`wrote ${file}: add ${name}${ts} to the service's migrations`);
  } finally {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
