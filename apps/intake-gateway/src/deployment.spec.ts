import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { gatewayConfigSchema, loadGatewayConfig } from './config';

const root = join(__dirname, '../../..');
const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const k8s = YAML.parseAllDocuments(readFileSync(join(root, 'k8s/intake-gateway.yaml'), 'utf8')).map((d) => d.toJSON());
const k8sConfig = YAML.parse(readFileSync(join(root, 'k8s/config.yaml'), 'utf8'));
const known = new Set(Object.keys(gatewayConfigSchema.shape));

/** docker-compose.yml and k8s/ cannot run here; these checks keep them true to the code. */
describe('deployment descriptions of the intake gateway', () => {
  const svc = compose.services['intake-gateway'];

  it('compose runs Kafka in KRaft mode, Postgres and Redis, each with a health check', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:3\.9/);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    for (const s of ['kafka', 'postgres', 'redis', 'intake-gateway']) expect(compose.services[s].healthcheck).toBeDefined();
  });

  it("compose's gateway settings are all settings the gateway knows, and they validate", () => {
    const env = svc.environment as Record<string, string>;
    for (const k of Object.keys(env)) expect(known).toContain(k);
    expect(() => loadGatewayConfig({ ...env, CLIENTS_FILE: join(root, env.CLIENTS_FILE) })).not.toThrow();
  });

  it('compose starts the gateway from what the build produces, on its configured port, after the topics exist', () => {
    expect(svc.command).toEqual(['node', 'dist/apps/intake-gateway/main.js']);
    const webpack = readFileSync(join(root, 'apps/intake-gateway/webpack.config.js'), 'utf8');
    expect(webpack).toContain("'../../dist/apps/intake-gateway'");
    expect(svc.ports).toEqual([`${svc.environment.PORT}:${svc.environment.PORT}`]);
    expect(svc.depends_on['kafka-topics'].condition).toBe('service_completed_successfully');
    expect(svc.healthcheck.test.join(' ')).toContain('/health/ready');
    for (const s of ['kafka-topics']) {
      const script = compose.services[s].command.find((c: string) => c.endsWith('.ts'));
      expect(existsSync(join(root, script))).toBe(true);
    }
  });

  it('k8s probes the health endpoints and sets only settings the gateway knows', () => {
    const deployment = k8s.find((d) => d.kind === 'Deployment');
    const c = deployment.spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    expect(c.resources.limits).toBeDefined();
    for (const e of c.env) expect(known).toContain(e.name);
    for (const k of Object.keys(k8sConfig.data)) expect(known).toContain(k);
  });
});
