// Applies the workflow-service's migrations to its schema and exits: its one-shot migration job
// (docker-compose.yml, k8s), run from the same image before any replica starts (runMigrationJob).
import { runMigrationJob } from '@city/platform-database';
import { WORKFLOW_ENTITIES, WORKFLOW_MIGRATIONS } from './app.module';
import { workflowConfigSchema } from './config';

// Only what the migrations need: the job is not handed the service's secrets.
runMigrationJob(
  'workflow-service',
  workflowConfigSchema.pick({ DATABASE_URL: true, DB_SCHEMA: true }).parse(process.env),
  WORKFLOW_ENTITIES,
  WORKFLOW_MIGRATIONS,
);
