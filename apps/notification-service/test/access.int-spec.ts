import { routePolicies } from '@city/platform-auth';
import { describeAccess, startServiceUnderTest } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';

/**
 * Every route of the notification-service that is not public, tried over HTTP with real tokens from the real
 * Keycloak: 401 without a token, with an expired one, one changed after signing and one signed by
 * another realm's key; 403 for another city's agent and for a role or service the route does not
 * allow; neither for one it does.
 */
describeAccess({
  app: 'notification-service',
  routes: () => routePolicies(AppModule.register(loadNotificationConfig({}))),
  start: () =>
    startServiceUnderTest({
      label: 'ns_access',
      load: loadNotificationConfig,
      create: (c) => createNotificationService(c),
    }),
  atLeast: 10,
});
