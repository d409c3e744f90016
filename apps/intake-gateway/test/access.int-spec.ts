import { routePolicies } from '@city/platform-auth';
import { describeAccess } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { loadGatewayConfig } from '../src/config';
import { startGateway } from './gateway.harness';

/**
 * The gateway's staff channels (phone and counter intake) tried over HTTP with real tokens from the
 * real Keycloak: 401 without a token, with an expired one, one changed after signing and one signed
 * by another realm's key; 403 for another city's agent and for a role the route does not allow.
 */
describeAccess({
  app: 'intake-gateway',
  routes: () => routePolicies(AppModule.register(loadGatewayConfig({}))),
  start: startGateway,
  atLeast: 12,
});
