import { describeServiceLayer } from '@city/platform-testing';

describeServiceLayer('the notification-service', __dirname);
