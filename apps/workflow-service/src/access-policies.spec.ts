import { policyLine, routePolicies } from '@city/platform-auth';
import { AppModule } from './app.module';
import { loadWorkflowConfig } from './config';

/**
 * Who may call each route of the workflow-service. A route without a declared policy is refused to everyone
 * at run time; this table makes a new route fail here until someone decides who may call it.
 * `public` routes are open on purpose (the reason is beside each in the code).
 */
const EXPECTED: Array<[route: string, who: string]> = [
  ['GET /api/v1/agents', 'supervisor ops'],
  ['GET /api/v1/agents/:agentId/items', 'agent clerk supervisor'],
  ['GET /api/v1/catalogue/services', 'public'],
  ['GET /api/v1/catalogue/services/:code', 'public'],
  ['GET /api/v1/counters/:office/board', 'public'],
  ['GET /api/v1/counters/:office/tickets/:id', 'public'],
  ['GET /api/v1/queues/:queue/items', 'agent clerk supervisor ops'],
  ['GET /api/v1/work-items/:caseId', 'agent clerk supervisor ops'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['POST /api/v1/agents/:agentId/take-next', 'agent clerk supervisor'],
  ['POST /api/v1/counters/:office/call-next', 'clerk supervisor'],
  ['POST /api/v1/counters/:office/tickets', 'public'],
  ['POST /api/v1/counters/:office/tickets/:id/done', 'clerk supervisor'],
  ['POST /api/v1/counters/:office/tickets/:id/no-show', 'clerk supervisor'],
  ['POST /api/v1/counters/:office/tickets/:id/transfer', 'clerk supervisor'],
  ['POST /api/v1/work-items/:caseId/reassign', 'supervisor'],
  ['POST /api/v1/work-items/:caseId/return', 'agent clerk supervisor'],
  ['PUT /api/v1/agents/:agentId', 'agent clerk supervisor'],
  ['PUT /api/v1/catalogue/services/:code', 'admin'],
];

describe('workflow-service: every route declares who may call it', () => {
  const routes = routePolicies(AppModule.register(loadWorkflowConfig({ LOG_LEVEL: 'silent' })));

  it('no route is without a policy', () => {
    expect(routes.filter((r) => !r.policy).map((r) => `${r.controller}: ${r.route}`)).toEqual([]);
  });

  it('the policies are the ones decided', () => {
    expect(routes.map((r) => [r.route, policyLine(r.policy)])).toEqual(EXPECTED);
  });
});
