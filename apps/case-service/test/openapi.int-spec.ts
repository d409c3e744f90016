import { describeOpenApi, startServiceUnderTest } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';

/** The case-service's OpenAPI document and Swagger UI, fetched from the running service. */
describeOpenApi({
  app: 'case-service',
  module: () => AppModule.register(loadCaseConfig({})),
  start: () =>
    startServiceUnderTest({ label: 'cs_docs', load: loadCaseConfig, create: (c) => createCaseService(c) }),
});
