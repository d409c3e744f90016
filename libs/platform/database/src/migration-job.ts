import { DataSource, type MigrationInterface } from 'typeorm';
import { createLogger } from '@city/platform-logging';
import { dataSourceOptions, ensureSchema } from './data-source';

/**
 * A service's one-shot migration job (`src/migrate.ts`, the `<service>-migrate` job of
 * docker-compose.yml and k8s): makes the service's schema if it is not there, applies its
 * migrations (each in its own transaction) and exits, 1 on failure. It is handed only the database
 * settings, not the service's secrets. The service still runs them at start (migrationsRun); after
 * the job there is nothing left, so replicas starting at once never race to apply one.
 */
export function runMigrationJob(
  service: string,
  settings: { DATABASE_URL: string; DB_SCHEMA: string },
  entities: Parameters<typeof dataSourceOptions>[0]['entities'],
  migrations: Array<new () => MigrationInterface>,
): void {
  const logger = createLogger(`${service}-migrate`, 'info');
  const main = async () => {
    await ensureSchema(settings.DATABASE_URL, settings.DB_SCHEMA);
    const ds = new DataSource(
      dataSourceOptions({
        url: settings.DATABASE_URL,
        schema: settings.DB_SCHEMA,
        entities,
        migrations,
        poolSize: 1,
        logger,
      }),
    );
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      logger.info({ schema: settings.DB_SCHEMA, applied: applied.map((m) => m.name) }, 'migrations applied');
    } finally {
      await ds.destroy();
    }
  };
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
