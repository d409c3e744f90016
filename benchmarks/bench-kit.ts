// What the benchmarks share: starting the built apps, waiting for them, percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { createIdempotentProducer, createKafka, ensureTopics, TopicProbe } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { buildApps, cleanupKafka, roomyRateLimits } from '@city/platform-testing';

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * Builds the apps (buildApps: Nx's cache answers at once when nothing changed). Always asked: a dist/
 * left from before a change would otherwise be measured as the change.
 */
export const build = (...apps: string[]): void => buildApps(apps);

/**
 * Starts a built app; BENCH_PROFILE=1 writes its CPU profile into tmp/profiles. NODE_ENV is `test`:
 * the apps run the same code as in production (nothing else reads it), but production refuses the
 * development realm's demo client secrets, which the benches sign in with.
 */
export function start(app: string, port: number, env: Record<string, string>): ChildProcess {
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=tmp/profiles`, `--cpu-prof-name=${app}.cpuprofile`]
    : [];
  return spawn('node', [...profile, `dist/apps/${app}/main.js`], {
    env: appEnv(port, env),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The environment a bench starts a built app with: its port, quiet logs, rate limits out of the way, `env` on top. */
export const appEnv = (port: number, env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  ...roomyRateLimits(),
  ...env,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
});

/**
 * The gateway and the case-service of a bench, built if need be, on topics and a schema of their own,
 * ready; stopped again if either does not get ready.
 */
export async function startGatewayAndCases(o: {
  prefix: string;
  schema: string;
  databaseUrl: string;
  gatewayPort: number;
  casesPort: number;
}): Promise<{ gateway: ChildProcess; cases: ChildProcess; gw: string; cs: string }> {
  build('intake-gateway', 'case-service');
  const cs = `http://127.0.0.1:${o.casesPort}`;
  const gw = `http://127.0.0.1:${o.gatewayPort}`;
  const cases = start('case-service', o.casesPort, {
    KAFKA_TOPIC_PREFIX: o.prefix,
    DATABASE_URL: o.databaseUrl,
    DB_SCHEMA: o.schema,
  });
  const gateway = start('intake-gateway', o.gatewayPort, {
    KAFKA_TOPIC_PREFIX: o.prefix,
    CASE_SERVICE_URL: cs,
  });
  try {
    await Promise.all([ready(gw), ready(cs)]);
  } catch (e) {
    await Promise.all([stop(gateway), stop(cases)]);
    throw e;
  }
  return { gateway, cases, gw, cs };
}

/** CPU time (user + system, ms) a process has used so far, from /proc: not distorted by steal. */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

/** A token from the development Keycloak (tools/infra up): a demo user's, or a service's client credentials. */
export async function benchToken(who: { user: string } | { service: string }): Promise<string> {
  const issuer = process.env.AUTH_ISSUER ?? 'http://localhost:8080/realms/city';
  const form: Record<string, string> =
    'user' in who
      ? { grant_type: 'password', client_id: 'city-cli', username: who.user, password: `demo-${who.user}` }
      : {
          grant_type: 'client_credentials',
          client_id: who.service,
          client_secret: `demo-${who.service}-secret`,
        };
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  });
  if (!res.ok) throw new Error(`Keycloak refused a bench token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function ready(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(`${url}/health/ready`).catch(() => null))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready`);
}

export const stop = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGTERM'))));

/** Removes what a bench made: its schemas and topics; then closes its pool. */
export async function cleanUp(
  pool: Pool,
  topicPrefix: string,
  brokers: string[],
  ...schemas: string[]
): Promise<void> {
  for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await pool.end();
  await cleanupKafka(topicPrefix, brokers);
}

/** Runs a bench's main and exits: 0 when it printed its figures, 1 with the error otherwise. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

/**
 * Makes sure the development realm has these users with this role (created through Keycloak's admin
 * API, password `demo-<name>`), for benches that need many people signed in at once.
 */
export async function ensureBenchUsers(names: string[], role: string): Promise<void> {
  const issuer = process.env.AUTH_ISSUER ?? 'http://localhost:8080/realms/city';
  const base = new URL(issuer).origin;
  const login = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'demo-keycloak-admin',
    }),
  });
  if (!login.ok) throw new Error(`Keycloak's admin refused the bench: ${login.status}`);
  const headers = {
    authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}`,
    'content-type': 'application/json',
  };
  const admin = `${base}/admin/realms/city`;
  const roleRep = await (await fetch(`${admin}/roles/${role}`, { headers })).json();
  for (const name of names) {
    await fetch(`${admin}/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        username: name,
        enabled: true,
        email: `${name}@bench.example`,
        emailVerified: true,
        firstName: 'Bench',
        lastName: name,
        attributes: { tenant: ['default'] },
        credentials: [{ type: 'password', value: `demo-${name}`, temporary: false }],
      }),
    }); // 201, or 409 when it exists already
    const [user] = (await (
      await fetch(`${admin}/users?username=${encodeURIComponent(name)}&exact=true`, { headers })
    ).json()) as Array<{ id: string }>;
    await fetch(`${admin}/users/${user.id}/role-mappings/realm`, {
      method: 'POST',
      headers,
      body: JSON.stringify([roleRep]),
    });
  }
}

/** The floor under any pop: produce one message with acks=all and see it arrive at a listening consumer. */
export async function rawKafkaRoundTrips(
  prefix: string,
  brokers: string[],
  count: number,
  rate: number,
): Promise<number[]> {
  const kafka = createKafka(
    { clientId: 'bench-raw', brokers, topicPrefix: prefix },
    createLogger('bench', 'warn'),
  );
  const topic = `${prefix}raw-roundtrip.v1`;
  await ensureTopics(kafka, [{ name: topic, partitions: 3, compacted: false }]);
  const probe = await new TopicProbe(kafka, topic).start();
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const sentAt = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const key = `agent-${i % 20}:${randomUUID()}`;
    sentAt.set(key, Date.now());
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: [{ key, value: '{}' }] }] });
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  const deadline = Date.now() + 10_000;
  while (probe.messages.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await producer.disconnect();
  await probe.stop();
  return probe.messages.map((m) => m.receivedAt - (sentAt.get(m.key ?? '') ?? NaN));
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/** A chunk and every chunk it imports statically (what the browser must load before it runs). */
function closure(
  manifest: Record<string, ManifestChunk>,
  key: string,
  into = new Set<string>(),
): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const k of chunk.imports ?? []) closure(manifest, k, into);
  return into;
}

/**
 * What a web app's screens cost to load, from its build's Vite manifest: the entry with its static
 * imports plus each screen's own lazy chunk with its imports, raw, gzip and brotli; beside it, all of
 * the app's JavaScript. Returns the report's lines and each screen's gzip bytes.
 */
export function screenWeights(
  dist: string,
  app: string,
  aimKb: number,
  /** Each screen's label and the lazy chunks it loads (a screen inside a lazy frame names both). */
  screens: Array<[label: string, lazyChunk: string | string[]]>,
): string[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const size = (files: Iterable<string>) =>
    [...files].reduce(
      (s, f) => {
        const b = readFileSync(join(dist, f));
        return {
          n: s.n + 1,
          raw: s.raw + b.length,
          gzip: s.gzip + gzipSync(b, { level: 9 }).length,
          brotli:
            s.brotli + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        };
      },
      { n: 0, raw: 0, gzip: 0, brotli: 0 },
    );
  const row = (label: string, w: ReturnType<typeof size>) =>
    `  ${label.padEnd(34)}${String(w.n).padStart(2)} files ${kb(w.raw).padStart(10)} raw ${kb(w.gzip).padStart(10)} gzip ${kb(w.brotli).padStart(10)} brotli`;
  const all = readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return [
    `  JavaScript loaded (aim: under ${aimKb} kB compressed for the first screen)`,
    ...screens.map(([label, lazy]) =>
      row(
        label,
        size(
          [lazy]
            .flat()
            .reduce((into, chunk) => closure(manifest, chunk, into), closure(manifest, 'index.html')),
        ),
      ),
    ),
    row(`all of ${app}`, size(all)),
  ];
}
