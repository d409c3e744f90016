import { describeServiceLayer } from '@city/platform-testing';

describeServiceLayer('the intake-gateway', __dirname);
