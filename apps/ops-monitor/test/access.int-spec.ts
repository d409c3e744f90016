import { routePolicies } from '@city/platform-auth';
import { describeAccess, startServiceUnderTest } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createOpsMonitor } from '../src/bootstrap';
import { loadOpsConfig } from '../src/config';

/**
 * Every route of the ops-monitor that is not public, tried over HTTP with real tokens from the real
 * Keycloak: 401 without a token, with an expired one, one changed after signing and one signed by
 * another realm's key; 403 for another city's agent and for a role the route does not allow;
 * neither for one it does.
 */
describeAccess({
  app: 'ops-monitor',
  routes: () => routePolicies(AppModule.register(loadOpsConfig({}))),
  start: () =>
    startServiceUnderTest({ label: 'ops_access', load: loadOpsConfig, create: (c) => createOpsMonitor(c) }),
  atLeast: 3,
});
