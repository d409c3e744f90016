// Applies the notification-service's migrations to its schema and exits: its one-shot migration job
// (docker-compose.yml, k8s), run from the same image before any replica starts (runMigrationJob).
import { runMigrationJob } from '@city/platform-database';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from './app.module';
import { notificationConfigSchema } from './config';

// Only what the migrations need: the job is not handed the service's secrets.
runMigrationJob(
  'notification-service',
  notificationConfigSchema.pick({ DATABASE_URL: true, DB_SCHEMA: true }).parse(process.env),
  NOTIFICATION_ENTITIES,
  NOTIFICATION_MIGRATIONS,
);
