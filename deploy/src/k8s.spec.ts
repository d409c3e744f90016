// k8s/: the kustomize base and its overlays, rendered offline by `kubectl kustomize` (no cluster is
// reachable here) and checked object by object against the Kubernetes schemas of kubernetes-models,
// then against the rules the deployment relies on: probes, limits, security contexts, pinned images,
// secrets only from Secrets, the network policies, autoscalers and disruption budgets that point at
// something real, and the one-shot jobs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import YAML from 'yaml';

const root = join(__dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are checked field by field */
type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [k: string]: any;
};
type Labels = Record<string, string>;

/** The model of each kind the manifests use; a kind not listed here fails the test. */
const models: Record<string, new (o: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
};

/** `kubectl kustomize <dir>`: kustomize as kubectl carries it (v5.5 with kubectl 1.32), offline. */
function render(dir: string): Obj[] {
  const r = spawnSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new Error(
      'kubectl is not installed: the k8s/ checks render the overlays with `kubectl kustomize`. Install kubectl ' +
        '1.32 or later (https://kubernetes.io/docs/tasks/tools/, or `apt-get install kubectl` from ' +
        'pkgs.k8s.io); no cluster is needed.',
    );
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${r.stderr}`);
  return YAML.parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj);
}

const matches = (selector: Labels, labels: Labels = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
/** A label selector (matchLabels and the In operator of matchExpressions) against a pod's labels. */
function selects(sel: { matchLabels?: Labels; matchExpressions?: any[] }, labels: Labels): boolean {
  return (
    matches(sel.matchLabels ?? {}, labels) &&
    (sel.matchExpressions ?? []).every((e) => e.operator === 'In' && e.values.includes(labels[e.key]))
  );
}

/** The services (a webpack build) and the web apps (served by nginx); each is a Deployment. */
const services = readdirSync(join(root, 'apps')).filter((a) =>
  existsSync(join(root, 'apps', a, 'webpack.config.js')),
);
const webApps = ['console', 'portal'];
const consumers = ['case-service', 'workflow-service', 'notification-service'];
const withMigrations = services.filter((a) => existsSync(join(root, 'apps', a, 'src/migrate.ts')));
/** A setting whose value is a secret: its value is never written in a manifest. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|DATABASE_URL|SMTP_URL|SMS_PROVIDER_URL|API_KEY/;

describe.each(['dev', 'production'])('k8s/overlays/%s', (overlay) => {
  const objs = render(`k8s/overlays/${overlay}`);
  const of = (kind: string) => objs.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  const jobs = of('Job');
  const workloads = [...deployments, ...jobs];
  const podLabels = (o: Obj): Labels => o.spec.template.metadata.labels;
  const byName = (kind: string, name: string) =>
    objs.find((o) => o.kind === kind && o.metadata.name === name);

  it('renders, and every object is valid against the Kubernetes schema of its kind', () => {
    expect(objs.length).toBeGreaterThan(40);
    for (const o of objs) {
      const Model = models[`${o.apiVersion}/${o.kind}`];
      expect([o.kind, o.metadata.name, Model !== undefined]).toEqual([o.kind, o.metadata.name, true]);
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  it('a Deployment and a Service per app, the Service selecting its pods on a port they name', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...services, ...webApps].sort());
    for (const d of deployments) {
      const svc = byName('Service', d.metadata.name);
      expect(svc && selects({ matchLabels: svc.spec.selector }, podLabels(d))).toBe(true);
      const ports = d.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
      for (const p of svc?.spec.ports ?? []) expect(ports).toContain(p.targetPort);
    }
  });

  it('Kafka, Postgres, Redis and Keycloak are external services, the names the settings use', () => {
    for (const name of ['kafka-bootstrap', 'postgres', 'redis', 'keycloak'])
      expect(byName('Service', name)?.spec.type).toBe('ExternalName');
    const config = byName('ConfigMap', 'omnichannel-config')?.data;
    expect(config.KAFKA_BROKERS).toBe('kafka-bootstrap:9092');
    expect(config.REDIS_URL).toBe('redis://redis:6379');
  });

  it('every Deployment: startup, readiness and liveness probes on the health endpoints, requests and limits', () => {
    for (const d of deployments) {
      const web = webApps.includes(d.metadata.name);
      for (const c of d.spec.template.spec.containers) {
        const at = (p: string) => [d.metadata.name, c[p]?.httpGet?.path];
        expect(at('livenessProbe')).toEqual([d.metadata.name, web ? '/healthz' : '/health/live']);
        expect(at('readinessProbe')).toEqual([d.metadata.name, web ? '/healthz' : '/health/ready']);
        expect(at('startupProbe')).toEqual([d.metadata.name, web ? '/healthz' : '/health/live']);
        // Time for a start that applies migrations: at least two minutes before the pod is restarted.
        if (!web)
          expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(120);
        for (const k of ['requests', 'limits'])
          expect(Object.keys(c.resources[k]).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('every pod runs as a user other than root, read-only, no privilege escalation, no capabilities, the runtime seccomp profile', () => {
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      expect([w.metadata.name, pod.securityContext]).toEqual([
        w.metadata.name,
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }),
      ]);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of pod.containers)
        expect([w.metadata.name, c.securityContext]).toEqual([
          w.metadata.name,
          { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        ]);
    }
    // The one path the case-service writes, a volume; the documents are shared by every replica.
    const cs = byName('Deployment', 'case-service')?.spec.template.spec;
    const mount = cs.containers[0].volumeMounts.find(
      (m: any) => m.mountPath === '/var/lib/case-service/documents',
    );
    expect(cs.volumes.find((v: any) => v.name === mount.name).persistentVolumeClaim.claimName).toBe(
      'case-documents',
    );
    expect(byName('PersistentVolumeClaim', 'case-documents')).toBeDefined();
  });

  it("every image is the app's own, pinned to the release (package.json's version), never latest", () => {
    for (const w of workloads)
      for (const c of w.spec.template.spec.containers) {
        expect(c.image).toMatch(new RegExp(`^omnichannel-city/[a-z-]+:${version.replace(/\./g, '\\.')}$`));
        expect(c.image).not.toMatch(/:latest$/);
      }
    for (const d of deployments)
      expect(d.spec.template.spec.containers[0].image).toBe(`omnichannel-city/${d.metadata.name}:${version}`);
  });

  it('every secret comes from a Secret (secretKeyRef), every reference names a ConfigMap or Secret key that exists or that the operator creates', () => {
    const readme = read('k8s/README.md');
    for (const w of workloads)
      for (const c of w.spec.template.spec.containers) {
        for (const e of c.env ?? []) {
          if (SECRET_NAME.test(e.name))
            expect([w.metadata.name, e.name, e.valueFrom?.secretKeyRef?.key]).toEqual([
              w.metadata.name,
              e.name,
              expect.any(String),
            ]);
          const s = e.valueFrom?.secretKeyRef;
          if (s) {
            // dev: the placeholder Secret holds the key; production: the README tells the operator to create it.
            if (overlay === 'dev')
              expect([s.name, s.key, byName('Secret', s.name)?.stringData?.[s.key]]).toEqual([
                s.name,
                s.key,
                expect.any(String),
              ]);
            else
              expect([s.name, s.key, readme.includes(`\`${s.name}\``) && readme.includes(s.key)]).toEqual([
                s.name,
                s.key,
                true,
              ]);
          }
          const m = e.valueFrom?.configMapKeyRef;
          if (m) expect(byName('ConfigMap', m.name)?.data?.[m.key]).toBeDefined();
        }
        for (const f of c.envFrom ?? []) expect(byName('ConfigMap', f.configMapRef.name)).toBeDefined();
      }
    for (const o of of('ConfigMap'))
      for (const k of Object.keys(o.data ?? {}))
        expect([o.metadata.name, k, SECRET_NAME.test(k)]).toEqual([o.metadata.name, k, false]);
    // Secret manifests only in development, with placeholders; production's are the operator's.
    if (overlay === 'production') expect(of('Secret')).toEqual([]);
    else
      for (const s of of('Secret'))
        for (const v of Object.values<string>(s.stringData))
          expect(v).toMatch(/dev-cluster-placeholder|^smtp:|^http:|^open311/);
  });

  it('network policies: everything denied but what is allowed, only the gateway, console and portal reachable from outside, every app covered', () => {
    const policies = of('NetworkPolicy');
    const deny = byName('NetworkPolicy', 'default-deny');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const appNames = new Set(deployments.map((d) => d.metadata.name));
    const fromOutside = new Set<string>();
    for (const w of workloads) {
      const labels = podLabels(w);
      const mine = policies.filter((p) => p !== deny && selects(p.spec.podSelector, labels));
      // Every pod some way out (beyond DNS); every long-running pod some way in.
      expect([
        w.metadata.name,
        mine.some((p) => p.spec.egress?.some((r: any) => r.ports?.some((x: any) => x.port !== 53))),
      ]).toEqual([w.metadata.name, true]);
      if (w.kind === 'Deployment') {
        const ingress = mine.flatMap((p) => p.spec.ingress ?? []);
        expect([w.metadata.name, ingress.length > 0]).toEqual([w.metadata.name, true]);
        for (const r of ingress)
          for (const f of r.from) {
            if (f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx')
              fromOutside.add(w.metadata.name);
            // A pod named as a caller is an app of this system.
            if (f.podSelector) expect(appNames).toContain(f.podSelector.matchLabels.app);
          }
      }
    }
    expect([...fromOutside].sort()).toEqual(['console', 'intake-gateway', 'portal']);
    // The portal's proxy reaches the gateway, the case-service (a citizen's own requests, follows,
    // preferences and data) and the notification-service; never the workflow-service or the ops-monitor.
    const portal = policies.filter((p) => p.spec.podSelector.matchLabels?.app === 'portal' && p.spec.egress);
    const reached = portal.flatMap((p) =>
      p.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.podSelector?.matchLabels?.app)),
    );
    expect(reached.sort()).toEqual(['case-service', 'intake-gateway', 'notification-service']);
  });

  it('the ingress leads to the gateway, the console and the portal only, each on a port its Service names, over TLS', () => {
    const ingresses = of('Ingress');
    expect(ingresses).toHaveLength(1);
    const [ingress] = ingresses;
    const backends = ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service));
    expect([...new Set(backends.map((b: any) => b.name))].sort()).toEqual([
      'console',
      'intake-gateway',
      'portal',
    ]);
    for (const b of backends) {
      const service = byName('Service', b.name);
      expect(service?.spec.ports.map((p: any) => p.name)).toContain(b.port.name);
    }
    // Every host it answers is covered by its TLS certificate.
    const hosts = ingress.spec.rules.map((r: any) => r.host);
    expect(ingress.spec.tls.flatMap((t: any) => t.hosts).sort()).toEqual([...hosts].sort());
    // On the gateway, the channels' API and Open311 only: not its metrics, health or documentation.
    const gatewayPaths = ingress.spec.rules
      .flatMap((r: any) => r.http.paths)
      .filter((p: any) => p.backend.service.name === 'intake-gateway')
      .map((p: any) => p.path);
    expect(gatewayPaths.sort()).toEqual(['/api/v1', '/open311']);
  });

  it('autoscalers scale Deployments that exist; disruption budgets select pods that exist', () => {
    const hpas = of('HorizontalPodAutoscaler');
    for (const h of hpas) {
      expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(byName('Deployment', h.spec.scaleTargetRef.name)).toBeDefined();
      expect(h.spec.maxReplicas).toBeGreaterThanOrEqual(h.spec.minReplicas);
    }
    for (const p of of('PodDisruptionBudget'))
      expect([
        p.metadata.name,
        deployments.filter((d) => selects(p.spec.selector, podLabels(d))).length,
      ]).toEqual([p.metadata.name, 1]);
    for (const d of deployments)
      expect([
        d.metadata.name,
        of('PodDisruptionBudget').some((p) => selects(p.spec.selector, podLabels(d))),
      ]).toEqual([d.metadata.name, true]);
    if (overlay === 'production') {
      expect(hpas.map((h) => h.metadata.name).sort()).toEqual(['intake-gateway', ...consumers].sort());
      for (const h of hpas) expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
    } else expect(hpas).toEqual([]);
  });

  it('replicas: one of each in dev; in production at least two of each but ops-monitor', () => {
    for (const d of deployments) {
      const want = overlay === 'dev' || d.metadata.name === 'ops-monitor' ? 1 : 2;
      if (overlay === 'dev' || want === 1)
        expect([d.metadata.name, d.spec.replicas]).toEqual([d.metadata.name, want]);
      else expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    }
  });

  it("a migration Job per service with migrations, from the service's image and schema, and the topics Job", () => {
    for (const app of withMigrations) {
      const job = byName('Job', `${app}-migrate`);
      const c = job?.spec.template.spec.containers[0];
      expect([app, c?.command]).toEqual([app, ['node', `dist/apps/${app}/migrate.js`]]);
      expect(read(`apps/${app}/webpack.config.js`)).toContain("entryName: 'migrate'");
      const svcEnv = byName('Deployment', app)?.spec.template.spec.containers[0].env;
      const schema = (env: any[]) => env.find((e) => e.name === 'DB_SCHEMA').value;
      expect(schema(c.env)).toBe(schema(svcEnv));
      expect(c.env.find((e: any) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({
        name: app,
        key: 'database-url',
      });
    }
    const topics = byName('Job', 'kafka-topics')?.spec.template.spec.containers[0];
    expect(topics.command).toEqual(['node', 'dist/apps/intake-gateway/kafka-topics.js']);
    expect(topics.envFrom).toEqual([{ configMapRef: { name: 'omnichannel-kafka-topics' } }]);
    const placement = byName('ConfigMap', 'omnichannel-kafka-topics')?.data;
    expect(placement).toEqual(
      overlay === 'production'
        ? { KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' }
        : { KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '1' },
    );
  });
});

describe('k8s/keycloak.yaml (optional, outside the base)', () => {
  it('is valid against the Kubernetes schemas', () => {
    for (const o of YAML.parseAllDocuments(read('k8s/keycloak.yaml')).map((d) => d.toJSON() as Obj))
      expect(() => new models[`${o.apiVersion}/${o.kind}`](o).validate()).not.toThrow();
  });
});

describe('the schema validation itself', () => {
  it('refuses what the API server would: a wrong type, a missing required field', () => {
    const [d] = render('k8s/overlays/production').filter((o) => o.kind === 'Deployment');
    expect(() => new Deployment(d as any).validate()).not.toThrow();
    expect(() => new Deployment({ ...d, spec: { ...d.spec, replicas: 'two' } } as any).validate()).toThrow();
    const { selector: _, ...noSelector } = d.spec;
    expect(() => new Deployment({ ...d, spec: noSelector } as any).validate()).toThrow();
  });
});
