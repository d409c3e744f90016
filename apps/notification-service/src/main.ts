import { startTracing } from '@city/platform-tracing';
import { loadNotificationConfig } from './config';

async function main() {
  const files = loadNotificationConfig();
  // Before the service's modules load, so that their HTTP and Postgres calls are traced (when TRACING_ZIPKIN_URL is set).
  await startTracing('notification-service', files);
  const { createNotificationService, withOnboardedCities } = await import('./bootstrap');
  // The cities onboarded through the admin API beside those of the files (docs/multi-tenancy.md).
  const config = await withOnboardedCities(files, 'notification-service');
  const app = await createNotificationService(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
