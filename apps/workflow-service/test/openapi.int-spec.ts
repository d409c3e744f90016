import { describeOpenApi, startServiceUnderTest } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig } from '../src/config';

/** The workflow-service's OpenAPI document and Swagger UI, fetched from the running service. */
describeOpenApi({
  app: 'workflow-service',
  module: () => AppModule.register(loadWorkflowConfig({})),
  start: () =>
    startServiceUnderTest({
      label: 'wf_docs',
      load: loadWorkflowConfig,
      create: (c) => createWorkflowService(c),
    }),
});
