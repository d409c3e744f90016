import { describeServiceLayer } from '@city/platform-testing';

describeServiceLayer('the workflow-service', __dirname);
