import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { caseConfigSchema, loadCaseConfig } from './config';

const root = join(__dirname, '../../..');
const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const k8s = YAML.parseAllDocuments(readFileSync(join(root, 'k8s/case-service.yaml'), 'utf8')).map((d) => d.toJSON());
const known = new Set(Object.keys(caseConfigSchema.shape));

/** docker-compose.yml and k8s/ cannot run here; these checks keep them true to the case-service. */
describe('deployment descriptions of the case-service', () => {
  const svc = compose.services['case-service'];

  it('compose: known, valid settings; the built entry point; Postgres and the topics first; a readiness check', () => {
    for (const k of Object.keys(svc.environment)) expect(known).toContain(k);
    expect(() => loadCaseConfig(svc.environment)).not.toThrow();
    expect(svc.command).toEqual(['node', 'dist/apps/case-service/main.js']);
    expect(readFileSync(join(root, 'apps/case-service/webpack.config.js'), 'utf8')).toContain("'../../dist/apps/case-service'");
    expect(svc.ports).toEqual([`${svc.environment.PORT}:${svc.environment.PORT}`]);
    expect(svc.depends_on.postgres.condition).toBe('service_healthy');
    expect(svc.healthcheck.test.join(' ')).toContain(`${svc.environment.PORT}/health/ready`);
    expect(compose.services['intake-gateway'].environment.CASE_SERVICE_URL).toBe(`http://case-service:${svc.environment.PORT}`);
  });

  it('k8s: probes, limits and only known settings', () => {
    const c = k8s.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    expect(c.resources.limits).toBeDefined();
    for (const e of c.env) expect(known).toContain(e.name);
  });
});
