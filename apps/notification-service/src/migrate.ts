// Applies the notification-service's migrations to its schema and exits: the one-shot migration job of
// docker-compose.yml (and k8s), run from the same image before any replica starts. The service
// still runs them at start too (migrationsRun); by then there is nothing left to do, so two
// replicas starting at once never race to apply the same migration.
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureSchema } from '@city/platform-database';
import { createLogger } from '@city/platform-logging';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from './app.module';
import { notificationConfigSchema } from './config';

async function main() {
  // Only what the migrations need: the job is not handed the service's secrets.
  const { DATABASE_URL, DB_SCHEMA } = notificationConfigSchema
    .pick({ DATABASE_URL: true, DB_SCHEMA: true })
    .parse(process.env);
  const logger = createLogger('notification-service-migrate', 'info');
  await ensureSchema(DATABASE_URL, DB_SCHEMA);
  const ds = new DataSource(
    dataSourceOptions({
      url: DATABASE_URL,
      schema: DB_SCHEMA,
      entities: NOTIFICATION_ENTITIES,
      migrations: NOTIFICATION_MIGRATIONS,
      poolSize: 1,
      logger,
    }),
  );
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    logger.info({ schema: DB_SCHEMA, applied: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
