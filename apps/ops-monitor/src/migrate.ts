// Applies the ops-monitor's migrations to its schema and exits: its one-shot migration job
// (docker-compose.yml, k8s), run from the same image before any replica starts (runMigrationJob).
import { runMigrationJob } from '@city/platform-database';
import { OPS_ENTITIES, OPS_MIGRATIONS } from './app.module';
import { opsConfigSchema } from './config';

// Only what the migrations need: the job is not handed the service's secrets.
runMigrationJob(
  'ops-monitor',
  opsConfigSchema.pick({ DATABASE_URL: true, DB_SCHEMA: true }).parse(process.env),
  OPS_ENTITIES,
  OPS_MIGRATIONS,
);
