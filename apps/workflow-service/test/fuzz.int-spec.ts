import { describeFuzzing, startServiceUnderTest } from '@city/platform-testing';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig } from '../src/config';

/** Hostile input at every route of the workflow-service (docs/scale-out.md, Fuzzing). */
describeFuzzing({
  app: 'workflow-service',
  start: () =>
    startServiceUnderTest({
      label: 'wf_fuzz',
      load: loadWorkflowConfig,
      create: (c) => createWorkflowService(c),
    }),
});
