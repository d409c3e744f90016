// Applies the case-service's migrations to its schema and exits: its one-shot migration job
// (docker-compose.yml, k8s), run from the same image before any replica starts (runMigrationJob).
import { runMigrationJob } from '@city/platform-database';
import { CASE_ENTITIES, CASE_MIGRATIONS } from './app.module';
import { caseConfigSchema } from './config';

// Only what the migrations need: the job is not handed the service's secrets.
runMigrationJob(
  'case-service',
  caseConfigSchema.pick({ DATABASE_URL: true, DB_SCHEMA: true }).parse(process.env),
  CASE_ENTITIES,
  CASE_MIGRATIONS,
);
