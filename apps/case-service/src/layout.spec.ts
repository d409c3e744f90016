import { describeServiceLayer } from '@city/platform-testing';

describeServiceLayer('the case-service', __dirname);
