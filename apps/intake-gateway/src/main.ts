import { startTracing } from '@city/platform-tracing';
import { loadGatewayConfig } from './config';

async function main() {
  const files = loadGatewayConfig();
  // Before the service's modules load, so that their HTTP and Postgres calls are traced (when TRACING_ZIPKIN_URL is set).
  await startTracing('intake-gateway', files);
  // The cities onboarded through the admin API beside those of the files (docs/multi-tenancy.md).
  const { withOnboardedCities } = await import('@city/platform-kafka');
  const { createLogger } = await import('@city/platform-logging');
  const config = await withOnboardedCities(
    files,
    'intake-gateway',
    createLogger('intake-gateway', files.LOG_LEVEL),
  );
  const { createGateway } = await import('./bootstrap');
  const app = await createGateway(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
