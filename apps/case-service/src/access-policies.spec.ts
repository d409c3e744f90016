import { routePolicies } from '@city/platform-auth';
import { describeRoutePolicies } from '@city/platform-testing';
import { AppModule } from './app.module';
import { loadCaseConfig } from './config';

/**
 * Who may call each route of the case-service. A route without a declared policy is refused to everyone
 * at run time; this table makes a new route fail here until someone decides who may call it.
 * `public` routes are open on purpose (the reason is beside each in the code).
 */
const EXPECTED: Array<[route: string, who: string]> = [
  ['GET /api/v1/agent/screen-pops', 'agent'],
  ['GET /api/v1/audit/reads', 'admin'],
  ['GET /api/v1/cases', 'agent clerk supervisor'],
  ['GET /api/v1/cases/:reference', 'agent clerk supervisor'],
  ['GET /api/v1/cases/:reference/documents/:id', 'agent clerk supervisor'],
  ['GET /api/v1/cases/:reference/recipients', 'service:notification-service'],
  ['GET /api/v1/cases/:reference/satisfaction', 'service:notification-service'],
  ['GET /api/v1/citizens/:id', 'agent clerk supervisor admin'],
  ['GET /api/v1/citizens/:id/merges', 'agent clerk supervisor admin'],
  ['GET /api/v1/ivr/requests/:reference/status', 'service:intake-gateway'],
  ['GET /api/v1/me/cases', 'citizen'],
  ['GET /api/v1/me/personal-data', 'citizen'],
  ['GET /api/v1/me/preferences', 'citizen'],
  ['GET /api/v1/open311/requests', 'service:intake-gateway'],
  ['GET /api/v1/requests/:reference', 'public'],
  ['GET /api/v1/requests/:reference/citizen', 'service:notification-service'],
  ['GET /api/v1/requests/:reference/preferences', 'public'],
  ['GET /api/v1/requests/nearby', 'public'],
  ['GET /api/v1/retention/runs', 'admin'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['POST /api/v1/case-recipients', 'service:notification-service'],
  ['POST /api/v1/cases/:reference/links', 'agent clerk supervisor'],
  ['POST /api/v1/cases/:reference/notes', 'agent clerk supervisor'],
  ['POST /api/v1/cases/:reference/status', 'agent clerk supervisor'],
  ['POST /api/v1/citizen-merges/:mergeId/reversal', 'admin'],
  ['POST /api/v1/citizens/:id/erasure', 'admin'],
  ['POST /api/v1/citizens/:id/merges', 'agent clerk supervisor'],
  ['POST /api/v1/citizens/:id/personal-data', 'agent clerk supervisor admin'],
  ['POST /api/v1/citizens/:id/restriction', 'admin'],
  ['POST /api/v1/citizens/:id/restriction/lift', 'admin'],
  ['POST /api/v1/requests/:reference/followers', 'citizen'],
  ['POST /api/v1/requests/:reference/reopen', 'public'],
  ['POST /api/v1/requests/:reference/replies', 'public'],
  ['POST /api/v1/retention/runs', 'admin'],
  ['PUT /api/v1/cases/:reference/satisfaction', 'service:notification-service'],
  ['PUT /api/v1/citizens/:id/preferences', 'agent clerk supervisor service:notification-service'],
  ['PUT /api/v1/citizens/preferences', 'service:notification-service'],
  ['PUT /api/v1/me/preferences', 'citizen'],
  ['PUT /api/v1/requests/:reference/preferences', 'public'],
  ['PUT /api/v1/requests/:reference/satisfaction', 'public'],
];

describeRoutePolicies(
  'case-service',
  () => routePolicies(AppModule.register(loadCaseConfig({ LOG_LEVEL: 'silent' }))),
  EXPECTED,
);
