import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDeployment } from '@city/platform-testing';
import { loadNotificationConfig, NOTIFICATION_SECRETS, notificationConfigSchema } from './config';

const root = join(__dirname, '../../..');

describeDeployment({
  app: 'notification-service',
  root,
  settings: Object.keys(notificationConfigSchema.shape),
  load: loadNotificationConfig,
  secrets: NOTIFICATION_SECRETS,
  compose: (svc, compose) => {
    expect(svc.depends_on.redis.condition).toBe('service_healthy');
    expect(svc.environment.CASE_SERVICE_URL).toBe(
      `http://case-service:${compose.services['case-service'].environment.PORT}`,
    );
    // The templates are files of the image; the demo's outbox runs from the build stage (its sources
    // and every dependency), never from a production image.
    expect(existsSync(join(root, svc.environment.TEMPLATES_DIR, '_layout.yaml'))).toBe(true);
    const docker = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8');
    expect(docker).toContain('COPY catalogue ./catalogue');
    expect(docker).toMatch(/^FROM \S+ AS build\n(.*\n)*COPY \. \.$/m);
    expect((compose.services['dev-outbox'] as unknown as { build: { target: string } }).build.target).toBe(
      'build',
    );
    expect(svc.environment.SMTP_URL).toBe('smtp://dev-outbox:2525');
    expect(compose.services['dev-outbox'].command).toEqual([
      'node',
      'tools/run-ts.js',
      'tools/dev-outbox.ts',
    ]);
  },
});
