import { startTracing } from '@city/platform-tracing';
import { loadCaseConfig } from './config';

async function main() {
  const config = loadCaseConfig();
  // Before the service's modules load, so that their HTTP and Postgres calls are traced (when TRACING_ZIPKIN_URL is set).
  await startTracing('case-service', config);
  const { createCaseService } = await import('./bootstrap');
  const app = await createCaseService(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
