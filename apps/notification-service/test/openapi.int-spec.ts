import { describeOpenApi, startServiceUnderTest } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';

/** The notification-service's OpenAPI document and Swagger UI, fetched from the running service. */
describeOpenApi({
  app: 'notification-service',
  module: () => AppModule.register(loadNotificationConfig({})),
  start: () =>
    startServiceUnderTest({
      label: 'ns_docs',
      load: loadNotificationConfig,
      create: (c) => createNotificationService(c),
    }),
});
