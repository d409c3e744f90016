import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDeployment } from '@city/platform-testing';
import { loadWorkflowConfig, workflowConfigSchema } from './config';

const root = join(__dirname, '../../..');

describeDeployment({
  app: 'workflow-service',
  root,
  settings: Object.keys(workflowConfigSchema.shape),
  load: loadWorkflowConfig,
  compose: (svc) => {
    expect(svc.depends_on.redis.condition).toBe('service_healthy');
    // The routing and the workflows it reads are files of the image.
    for (const f of [svc.environment.ROUTING_FILE, svc.environment.WORKFLOWS_DIR])
      expect(existsSync(join(root, f))).toBe(true);
    expect(readFileSync(join(root, 'deploy/Dockerfile'), 'utf8')).toContain('COPY catalogue ./catalogue');
  },
});
