import { describeQueueBoard, startServiceUnderTest } from '@city/platform-testing';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig } from '../src/config';

/** The workflow-service's job queues board (its SLA timers), for administrators only. */
describeQueueBoard({
  app: 'workflow-service',
  start: () =>
    startServiceUnderTest({
      label: 'wf_board',
      load: loadWorkflowConfig,
      create: (c) => createWorkflowService(c),
    }),
  queues: ['sla-timers'],
});
