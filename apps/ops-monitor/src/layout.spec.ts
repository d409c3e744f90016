import { describeServiceLayer } from '@city/platform-testing';

describeServiceLayer('the ops-monitor', __dirname);
