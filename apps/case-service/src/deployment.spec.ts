import { join } from 'node:path';
import { describeDeployment } from '@city/platform-testing';
import { caseConfigSchema, loadCaseConfig } from './config';

describeDeployment({
  app: 'case-service',
  root: join(__dirname, '../../..'),
  settings: Object.keys(caseConfigSchema.shape),
  load: loadCaseConfig,
  compose: (svc, compose) =>
    expect(compose.services['intake-gateway'].environment.CASE_SERVICE_URL).toBe(
      `http://case-service:${svc.environment.PORT}`,
    ),
});
