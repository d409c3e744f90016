import { startTracing } from '@city/platform-tracing';
import { loadGatewayConfig } from './config';

async function main() {
  const files = loadGatewayConfig();
  // Before the service's modules load, so that their HTTP and Postgres calls are traced (when TRACING_ZIPKIN_URL is set).
  await startTracing('intake-gateway', files);
  const { createGateway, withOnboardedCities } = await import('./bootstrap');
  // The cities onboarded through the admin API beside those of the files (docs/multi-tenancy.md).
  const config = await withOnboardedCities(files, 'intake-gateway');
  const app = await createGateway(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
