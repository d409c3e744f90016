import { routePolicies } from '@city/platform-auth';
import { describeRoutePolicies } from '@city/platform-testing';
import { AppModule } from './app.module';
import { loadOpsConfig } from './config';

/**
 * Who may call each route of the ops-monitor. A route without a declared policy is refused to
 * everyone at run time; this table makes a new route fail here until someone decides who may call it.
 */
const EXPECTED: Array<[route: string, who: string]> = [
  ['GET /api/v1/dead-letters', 'ops admin'],
  ['GET /api/v1/live', 'supervisor ops'],
  ['GET /api/v1/live/stream', 'supervisor ops'],
  ['GET /api/v1/reports/channel-shift', 'supervisor ops'],
  ['GET /api/v1/reports/comparison', 'supervisor ops admin'],
  ['GET /api/v1/reports/demand', 'supervisor ops'],
  ['GET /api/v1/reports/process-review', 'supervisor ops'],
  ['GET /api/v1/reports/self-assessment', 'supervisor ops admin'],
  ['GET /api/v1/reports/standard-of-service', 'supervisor ops'],
  ['GET /api/v1/self-assessment/ambitions', 'supervisor ops admin'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['POST /api/v1/dead-letters/replay', 'admin'],
  ['PUT /api/v1/self-assessment/ambitions', 'admin'],
];

describeRoutePolicies(
  'ops-monitor',
  () => routePolicies(AppModule.register(loadOpsConfig({ LOG_LEVEL: 'silent' }))),
  EXPECTED,
);
