import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

export interface DeploymentCheck {
  /** The app's name: its compose service, its k8s file and Deployment, its dist folder. */
  app: string;
  /** The repository's root. */
  root: string;
  /** The app's setting names (its config schema's keys). */
  settings: string[];
  /** Loads the app's config from an environment; throws on a bad one. */
  load: (env: Record<string, string>) => Record<string, unknown>;
  /** Settings that are secrets: in compose a required variable (`${X:?…}`), in k8s from a Secret. */
  secrets?: readonly string[];
  /** Further compose checks of this app (the compose file is given whole). */
  compose?: (service: ComposeService, compose: { services: Record<string, ComposeService> }) => void;
}

export interface ComposeService {
  command: string[];
  environment: Record<string, string>;
  ports: string[];
  depends_on: Record<string, { condition: string }>;
  healthcheck: { test: string[] };
}

/** A strong value for a required compose variable, as an operator would set it (never a demo value). */
const STRONG = 'Zx8Vd0Xw2nL5rT1yB7mC4kZ9pH3sJ6fG0aE2uI8oR5tY';

/**
 * Compose's variable interpolation as `docker compose` does it: `${X:?msg}` (required) becomes a
 * strong value, `${X:-default}` its default, `${X}` an empty string.
 */
export function interpolate(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) =>
        op === '?' ? `${STRONG}-${name}` : op === '-' ? (arg ?? '') : '',
      ),
    ]),
  );
}

/**
 * docker-compose.yml and k8s/ cannot run on the development machines; these checks keep a service's
 * descriptions true to it: only settings it knows, valid values, the built entry point, the port it
 * listens on, its dependencies healthy first, probes and limits, and its own database schema.
 */
export function describeDeployment(o: DeploymentCheck): void {
  const compose = YAML.parse(readFileSync(join(o.root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const k8s = YAML.parseAllDocuments(readFileSync(join(o.root, `k8s/base/${o.app}.yaml`), 'utf8')).map((d) =>
    d.toJSON(),
  );
  const known = new Set(o.settings);

  describe(`deployment descriptions of the ${o.app}`, () => {
    const svc = compose.services[o.app];

    it('compose: known, valid settings; the built entry point; Postgres and the topics first; a readiness check', () => {
      for (const k of Object.keys(svc.environment)) expect(known).toContain(k);
      expect(() => o.load(interpolate(svc.environment))).not.toThrow();
      // No secret in the file: each is a variable the operator must set, or compose refuses to start.
      for (const s of o.secrets ?? [])
        expect([s, svc.environment[s]]).toEqual([s, expect.stringMatching(/^\$\{\w+:\?/)]);
      expect(svc.depends_on.keycloak?.condition).toBe('service_healthy');
      expect(svc.command).toEqual(['node', `dist/apps/${o.app}/main.js`]);
      expect(readFileSync(join(o.root, `apps/${o.app}/webpack.config.js`), 'utf8')).toContain(
        `'../../dist/apps/${o.app}'`,
      );
      expect(svc.ports).toEqual([`${svc.environment.PORT}:${svc.environment.PORT}`]);
      expect(svc.depends_on.postgres.condition).toBe('service_healthy');
      expect(svc.healthcheck.test.join(' ')).toContain(`${svc.environment.PORT}/health/ready`);
      if (known.has('DB_SCHEMA')) expect(svc.environment.DB_SCHEMA).toBe(o.load({}).DB_SCHEMA);
      o.compose?.(svc, compose);
    });

    it('k8s: probes, limits, only known settings and its own schema', () => {
      const c = k8s.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0];
      expect(c.command).toEqual(['node', `dist/apps/${o.app}/main.js`]);
      expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(c.livenessProbe.httpGet.path).toBe('/health/live');
      expect(c.resources.limits).toBeDefined();
      for (const e of c.env) expect(known).toContain(e.name);
      for (const s of o.secrets ?? [])
        expect([s, c.env.find((e: { name: string }) => e.name === s)?.valueFrom?.secretKeyRef]).toEqual([
          s,
          expect.objectContaining({ key: expect.any(String) }),
        ]);
      const env = Object.fromEntries(
        c.env
          .filter((e: { value?: string }) => e.value !== undefined)
          .map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      expect(c.ports[0].containerPort).toBe(Number(env.PORT));
      if (known.has('DB_SCHEMA')) expect(env.DB_SCHEMA).toBe(o.load({}).DB_SCHEMA);
    });
  });
}
