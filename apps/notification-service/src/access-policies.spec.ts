import { policyLine, routePolicies } from '@city/platform-auth';
import { AppModule } from './app.module';
import { loadNotificationConfig } from './config';

/**
 * Who may call each route of the notification-service. A route without a declared policy is refused to everyone
 * at run time; this table makes a new route fail here until someone decides who may call it.
 * `public` routes are open on purpose (the reason is beside each in the code).
 */
const EXPECTED: Array<[route: string, who: string]> = [
  ['GET /api/v1/audit/reads', 'admin'],
  ['GET /api/v1/cases/:reference/messages', 'agent clerk supervisor'],
  ['GET /api/v1/citizens/:id/messages', 'agent clerk supervisor'],
  ['GET /api/v1/inbox', 'public'],
  ['GET /api/v1/opt-out/:token', 'public'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['POST /api/v1/opt-out/:token', 'public'],
  ['POST /api/v1/sms/inbound', 'public'],
];

describe('notification-service: every route declares who may call it', () => {
  const routes = routePolicies(AppModule.register(loadNotificationConfig({ LOG_LEVEL: 'silent' })));

  it('no route is without a policy', () => {
    expect(routes.filter((r) => !r.policy).map((r) => `${r.controller}: ${r.route}`)).toEqual([]);
  });

  it('the policies are the ones decided', () => {
    expect(routes.map((r) => [r.route, policyLine(r.policy)])).toEqual(EXPECTED);
  });
});
