import { routePolicies } from '@city/platform-auth';
import { describeRoutePolicies } from '@city/platform-testing';
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
  ['GET /api/v1/citizens/:id/messages', 'agent clerk supervisor admin'],
  ['GET /api/v1/inbox', 'public'],
  ['GET /api/v1/opt-out/:token', 'public'],
  ['GET /api/v1/satisfaction/:token', 'public'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['POST /api/v1/opt-out/:token', 'public'],
  ['POST /api/v1/personal-data/erasure', 'service:case-service'],
  ['POST /api/v1/personal-data/export', 'service:case-service'],
  ['POST /api/v1/satisfaction/:token', 'public'],
  ['POST /api/v1/sms/inbound', 'public'],
];

describeRoutePolicies(
  'notification-service',
  () => routePolicies(AppModule.register(loadNotificationConfig({ LOG_LEVEL: 'silent' }))),
  EXPECTED,
);
