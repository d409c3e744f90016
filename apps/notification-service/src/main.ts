import { startTracing } from '@city/platform-tracing';
import { loadNotificationConfig } from './config';

async function main() {
  const config = loadNotificationConfig();
  // Before the service's modules load, so that their HTTP and Postgres calls are traced (when TRACING_ZIPKIN_URL is set).
  await startTracing('notification-service', config);
  const { createNotificationService } = await import('./bootstrap');
  const app = await createNotificationService(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
