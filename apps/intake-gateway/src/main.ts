import { startTracing } from '@city/platform-tracing';
import { loadGatewayConfig } from './config';

async function main() {
  const config = loadGatewayConfig();
  // Before the service's modules load, so that their HTTP and Postgres calls are traced (when TRACING_ZIPKIN_URL is set).
  await startTracing('intake-gateway', config);
  const { createGateway } = await import('./bootstrap');
  const app = await createGateway(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
