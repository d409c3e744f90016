import { describeQueueBoard, startServiceUnderTest } from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';

/** The notification-service's job queues board (its deliveries), for administrators only. */
describeQueueBoard({
  app: 'notification-service',
  start: () =>
    startServiceUnderTest({
      label: 'ntf_board',
      load: loadNotificationConfig,
      create: (c) => createNotificationService(c),
    }),
  queues: ['notifications'],
});
