import { describeOpenApi, startServiceUnderTest } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createOpsMonitor } from '../src/bootstrap';
import { loadOpsConfig } from '../src/config';

/** The ops-monitor's OpenAPI document and Swagger UI, fetched from the running service. */
describeOpenApi({
  app: 'ops-monitor',
  module: () => AppModule.register(loadOpsConfig({})),
  start: () =>
    startServiceUnderTest({ label: 'ops_docs', load: loadOpsConfig, create: (c) => createOpsMonitor(c) }),
});
