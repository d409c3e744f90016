import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadWorkflowConfig, workflowConfigSchema } from './config';

const root = join(__dirname, '../../..');
const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const k8s = YAML.parseAllDocuments(readFileSync(join(root, 'k8s/workflow-service.yaml'), 'utf8')).map((d) => d.toJSON());
const known = new Set(Object.keys(workflowConfigSchema.shape));

/** docker-compose.yml and k8s/ cannot run here; these checks keep them true to the workflow-service. */
describe('deployment descriptions of the workflow-service', () => {
  const svc = compose.services['workflow-service'];

  it('compose: known, valid settings; the built entry point; Postgres and the topics first; a readiness check', () => {
    for (const k of Object.keys(svc.environment)) expect(known).toContain(k);
    expect(() => loadWorkflowConfig(svc.environment)).not.toThrow();
    expect(svc.command).toEqual(['node', 'dist/apps/workflow-service/main.js']);
    expect(readFileSync(join(root, 'apps/workflow-service/webpack.config.js'), 'utf8')).toContain("'../../dist/apps/workflow-service'");
    expect(svc.ports).toEqual([`${svc.environment.PORT}:${svc.environment.PORT}`]);
    expect(svc.depends_on.postgres.condition).toBe('service_healthy');
    expect(svc.depends_on.redis.condition).toBe('service_healthy');
    expect(svc.healthcheck.test.join(' ')).toContain(`${svc.environment.PORT}/health/ready`);
    // The routing and the workflows it reads are files of the image.
    for (const f of [svc.environment.ROUTING_FILE, svc.environment.WORKFLOWS_DIR]) expect(existsSync(join(root, f))).toBe(true);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain('COPY catalogue ./catalogue');
  });

  it('k8s: probes, limits and only known settings', () => {
    const c = k8s.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    expect(c.resources.limits).toBeDefined();
    for (const e of c.env) expect(known).toContain(e.name);
  });
});
