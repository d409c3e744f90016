import { routePolicies } from '@city/platform-auth';
import { describeRoutePolicies } from '@city/platform-testing';
import { AppModule } from './app.module';
import { loadWorkflowConfig } from './config';

/**
 * Who may call each route of the workflow-service. A route without a declared policy is refused to everyone
 * at run time; this table makes a new route fail here until someone decides who may call it.
 * `public` routes are open on purpose (the reason is beside each in the code).
 */
const EXPECTED: Array<[route: string, who: string]> = [
  ['GET /api/v1/agents', 'supervisor ops'],
  ['GET /api/v1/agents/:agentId', 'agent clerk supervisor'],
  ['GET /api/v1/agents/:agentId/items', 'agent clerk supervisor'],
  ['GET /api/v1/catalogue/services', 'public'],
  ['GET /api/v1/catalogue/services/:code', 'public'],
  ['GET /api/v1/cities', 'admin'],
  ['GET /api/v1/counters', 'public'],
  ['GET /api/v1/counters/:office/board', 'public'],
  ['GET /api/v1/counters/:office/tickets', 'clerk supervisor'],
  ['GET /api/v1/counters/:office/tickets/:id', 'public'],
  ['GET /api/v1/queues', 'agent clerk supervisor ops'],
  ['GET /api/v1/queues/:queue/items', 'agent clerk supervisor ops'],
  ['GET /api/v1/work-items', 'supervisor ops'],
  ['GET /api/v1/work-items/:caseId', 'agent clerk supervisor ops'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['POST /api/v1/agents/:agentId/presence', 'agent clerk supervisor'],
  ['POST /api/v1/agents/:agentId/take-next', 'agent clerk supervisor'],
  ['POST /api/v1/cities', 'admin'],
  ['POST /api/v1/counters/:office/call-next', 'clerk supervisor'],
  ['POST /api/v1/counters/:office/tickets', 'public'],
  ['POST /api/v1/counters/:office/tickets/:id/done', 'clerk supervisor'],
  ['POST /api/v1/counters/:office/tickets/:id/no-show', 'clerk supervisor'],
  ['POST /api/v1/counters/:office/tickets/:id/transfer', 'clerk supervisor'],
  ['POST /api/v1/personal-data/erasure', 'service:case-service'],
  ['POST /api/v1/personal-data/export', 'service:case-service'],
  ['POST /api/v1/work-items/:caseId/priority', 'supervisor'],
  ['POST /api/v1/work-items/:caseId/reassign', 'supervisor'],
  ['POST /api/v1/work-items/:caseId/return', 'agent clerk supervisor'],
  ['PUT /api/v1/agents/:agentId', 'agent clerk supervisor'],
  ['PUT /api/v1/catalogue/services/:code', 'admin'],
];

describeRoutePolicies(
  'workflow-service',
  () => routePolicies(AppModule.register(loadWorkflowConfig({ LOG_LEVEL: 'silent' }))),
  EXPECTED,
);
