import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { interpolate } from '@city/platform-testing';
import { GATEWAY_SECRETS, gatewayConfigSchema, loadGatewayConfig } from './config';

const root = join(__dirname, '../../..');
const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const k8s = YAML.parseAllDocuments(readFileSync(join(root, 'k8s/base/intake-gateway.yaml'), 'utf8')).map(
  (d) => d.toJSON(),
);
const k8sConfig = YAML.parse(readFileSync(join(root, 'k8s/base/config.yaml'), 'utf8'));
const known = new Set(Object.keys(gatewayConfigSchema.shape));

/** docker-compose.yml and k8s/ cannot run here; these checks keep them true to the code. */
describe('deployment descriptions of the intake gateway', () => {
  const svc = compose.services['intake-gateway'];

  it('compose runs Kafka in KRaft mode, Postgres and Redis, each with a health check', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:3\.9/);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    for (const s of ['kafka', 'postgres', 'redis', 'intake-gateway'])
      expect(compose.services[s].healthcheck).toBeDefined();
  });

  it("compose's gateway settings are all settings the gateway knows, and they validate", () => {
    const env = svc.environment as Record<string, string>;
    for (const k of Object.keys(env)) expect(known).toContain(k);
    expect(() => loadGatewayConfig(interpolate(env))).not.toThrow();
    // No secret in the file: each is a variable the operator must set, or compose refuses to start;
    // the clients file is the city's own, mounted from a path the operator gives.
    for (const s of GATEWAY_SECRETS) expect([s, env[s]]).toEqual([s, expect.stringMatching(/^\$\{\w+:\?/)]);
    expect(svc.volumes).toEqual([
      expect.stringMatching(/^\$\{CLIENTS_FILE:\?[^}]*\}:\/etc\/intake\/clients\.yaml:ro$/),
    ]);
    expect(env.CLIENTS_FILE).toBe('/etc/intake/clients.yaml');
  });

  it('compose runs Keycloak on Postgres, importing the realm of the repository, before the apps', () => {
    const kc = compose.services.keycloak;
    expect(kc.image).toBe('quay.io/keycloak/keycloak:26.5.6');
    expect(kc.command).toEqual(expect.arrayContaining(['start', '--import-realm']));
    expect(kc.environment.KC_DB).toBe('postgres');
    expect(kc.volumes).toEqual(['./k8s/keycloak:/opt/keycloak/data/import:ro']);
    expect(compose.services.postgres.volumes).toContain(
      './tools/compose/postgres-init.sql:/docker-entrypoint-initdb.d/keycloak.sql:ro',
    );
    expect(readFileSync(join(root, 'tools/compose/postgres-init.sql'), 'utf8')).toMatch(
      /CREATE DATABASE keycloak/,
    );
    for (const app of ['intake-gateway', 'case-service', 'workflow-service', 'notification-service'])
      expect(compose.services[app].depends_on.keycloak.condition).toBe('service_healthy');
    // The services' client secrets are the environment's, in the realm (imported) and the services alike.
    const realm = readFileSync(join(root, 'k8s/keycloak/city-realm.json'), 'utf8');
    for (const v of [
      'INTAKE_GATEWAY_CLIENT_SECRET',
      'NOTIFICATION_SERVICE_CLIENT_SECRET',
      'CASE_SERVICE_CLIENT_SECRET',
    ]) {
      expect(realm).toContain(`\${${v}:`);
      expect(kc.environment[v]).toMatch(new RegExp(`^\\$\\{${v}:\\?`));
    }
  });

  it('compose starts the gateway from what the build produces, on its configured port, after the topics exist', () => {
    expect(svc.command).toEqual(['node', 'dist/apps/intake-gateway/main.js']);
    const webpack = readFileSync(join(root, 'apps/intake-gateway/webpack.config.js'), 'utf8');
    expect(webpack).toContain("'../../dist/apps/intake-gateway'");
    expect(svc.ports).toEqual([`${svc.environment.PORT}:${svc.environment.PORT}`]);
    expect(svc.depends_on['kafka-topics'].condition).toBe('service_completed_successfully');
    expect(svc.healthcheck.test.join(' ')).toContain('/health/ready');
    // The topics job runs from the gateway's image: tools/kafka-topics.ts, built beside main.js.
    expect(compose.services['kafka-topics'].command).toEqual([
      'node',
      'dist/apps/intake-gateway/kafka-topics.js',
    ]);
    // Named from the config's own folder (a bare '../' would be read from the workspace root).
    const entry = /entryName: 'kafka-topics', entryPath: join\(__dirname, '([^']+)'\)/.exec(webpack)?.[1];
    expect(entry).toBeDefined();
    expect(existsSync(join(root, 'apps/intake-gateway', entry!))).toBe(true);
  });

  it('the deployed realm is the development realm without its people: no demo users, no password-grant client, the same roles and clients', () => {
    type Realm = {
      roles: { realm: Array<{ name: string }> };
      clients: Array<{ clientId: string; directAccessGrantsEnabled?: boolean; protocolMappers: unknown[] }>;
      users: Array<{ username: string; credentials?: unknown[]; serviceAccountClientId?: string }>;
    };
    const deployed = JSON.parse(readFileSync(join(root, 'k8s/keycloak/city-realm.json'), 'utf8')) as Realm;
    const dev = JSON.parse(readFileSync(join(root, 'demo/keycloak/city-realm.json'), 'utf8')) as Realm;
    expect(deployed.users.every((u) => u.serviceAccountClientId && !u.credentials)).toBe(true);
    expect(deployed.clients.filter((c) => c.directAccessGrantsEnabled)).toEqual([]);
    expect(deployed.roles).toEqual(dev.roles);
    const devClients = dev.clients.filter((c) => !c.clientId.startsWith('city-cli'));
    expect(deployed.clients.map((c) => [c.clientId, c.protocolMappers])).toEqual(
      devClients.map((c) => [c.clientId, c.protocolMappers]),
    );
    expect(deployed.users.map((u) => u.username)).toEqual(
      dev.users.filter((u) => u.serviceAccountClientId).map((u) => u.username),
    );
    expect(readFileSync(join(root, 'k8s/keycloak.yaml'), 'utf8')).toContain(
      '--from-file=k8s/keycloak/city-realm.json',
    );
  });

  it('k8s probes the health endpoints and sets only settings the gateway knows', () => {
    const deployment = k8s.find((d) => d.kind === 'Deployment');
    const c = deployment.spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    expect(c.resources.limits).toBeDefined();
    for (const e of c.env) expect(known).toContain(e.name);
    for (const k of Object.keys(k8sConfig.data)) expect(known).toContain(k);
    for (const s of GATEWAY_SECRETS)
      expect([s, c.env.find((e: { name: string }) => e.name === s)?.valueFrom?.secretKeyRef]).toEqual([
        s,
        expect.objectContaining({ key: expect.any(String) }),
      ]);
  });
});
