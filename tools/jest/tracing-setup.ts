// With TRACING_ZIPKIN_URL set, every integration test file runs with tracing on: the services and
// consumers it starts in this process send their Kafka and outbox spans to that Zipkin (under the name
// integration-tests), and the apps it starts as processes inherit the setting. Unset (CI), nothing.
import { baseConfigSchema } from '@city/platform-config';
import { startTracing, stopTracing } from '@city/platform-tracing';

const settings = baseConfigSchema
  .pick({ TRACING_ZIPKIN_URL: true, TRACING_SAMPLE_RATIO: true })
  .parse(process.env);
if (settings.TRACING_ZIPKIN_URL) {
  // Jest loads modules its own way, so no module patching here (the Kafka and outbox spans are the platform's own).
  beforeAll(() => startTracing('integration-tests', settings, { instrument: false }));
  afterAll(() => stopTracing());
}
