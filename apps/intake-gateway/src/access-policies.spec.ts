import { routePolicies } from '@city/platform-auth';
import { describeRoutePolicies } from '@city/platform-testing';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';

/**
 * Who may call each route of the intake-gateway. A route without a declared policy is refused to everyone
 * at run time; this table makes a new route fail here until someone decides who may call it.
 * `public` routes are open on purpose (the reason is beside each in the code).
 */
const EXPECTED: Array<[route: string, who: string]> = [
  ['GET /api/v1/ivr/requests/:reference/status', 'public'],
  ['GET /api/v1/kiosk/device', 'public'],
  ['GET /api/v1/services', 'public'],
  ['GET /api/v1/services/:code', 'public'],
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['GET /open311/v2/:file', 'public'],
  ['GET /open311/v2/requests/:file', 'public'],
  ['GET /open311/v2/services/:file', 'public'],
  ['GET /open311/v2/tokens/:file', 'public'],
  ['POST /api/v1/counter/requests', 'clerk supervisor'],
  ['POST /api/v1/kiosk/batches', 'public'],
  ['POST /api/v1/kiosk/requests', 'public'],
  ['POST /api/v1/phone/requests', 'agent supervisor'],
  ['POST /api/v1/phone/telephony/events', 'public'],
  // Anonymous where the catalogue allows; a `signed-in` service needs a citizen token, checked by the route.
  ['POST /api/v1/requests', 'public'],
  ['POST /open311/v2/:file', 'public'],
];

describeRoutePolicies(
  'intake-gateway',
  () => routePolicies(AppModule.register(loadGatewayConfig({ LOG_LEVEL: 'silent' }))),
  EXPECTED,
);
