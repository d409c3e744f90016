// npm run bench:cases: requests through the gateway to committed cases, against the raw rate at which
// Postgres commits the same rows from Node, in the same run, with the ops-monitor following the same
// case events (its lag, and how soon its read model holds every case); then one million cases seeded and the
// agents' searches timed. Needs `tools/infra up`. Settings: BENCH_SECONDS (15), BENCH_CONNECTIONS (32),
// BENCH_SEED_CASES (1000000; 0 skips the searches), BENCH_SEARCHES (200 per kind), BENCH_PROFILE=1
// (CPU profiles of the two services into tmp/profiles, for Chrome DevTools), BENCH_READ_SECONDS (10; signed-in
// reads at the case-service, with the CPU per request). Keycloak must be up too (tools/infra up starts it).
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { referenceFromKey } from '@city/domain-intake';
import { prepareKafka, uniquePrefix } from '@city/platform-testing';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { authConfigSchema, discover, TokenVerifier } from '@city/platform-auth';
import {
  benchToken,
  cleanUp,
  ms,
  pct,
  processCpuMs,
  runBench,
  start,
  startGatewayAndCases,
  stop,
  build,
  ready,
} from './bench-kit';
import { rawBatchedCommitRate, rawCommitRate } from './ceilings';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SEED = Number(process.env.BENCH_SEED_CASES ?? 1_000_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 10);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const GATEWAY_PORT = 3297;
const CASES_PORT = 3298;
const OPS_PORT = 3299;

/** The ops-monitor's lag on the case events: the sum over partitions of its group's lag, from its /metrics. */
async function opsLag(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('city_kafka_consumer_lag{') &&
        l.includes('group="ops-monitor.cases"') &&
        l.includes('topic="case.events.v1"'),
    )
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

function body() {
  return JSON.stringify({
    serviceCode: 'pothole',
    description: 'Deep pothole by the bus stop',
    attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
    location: { lat: 40 + Math.random() * 10, long: Math.random() * 10 },
    contact: { firstName: 'Anna', lastName: 'de Vries', email: `${randomUUID()}@example.org` },
  });
}

const STREETS = [
  'High Street',
  'Station Road',
  'Church Lane',
  'Mill Road',
  'Coolsingel',
  'Kungsgatan',
  'Park Avenue',
  'Queens Road',
  'Victoria Street',
  'Harbour Way',
];
const SURNAMES = [
  'Smith',
  'Jones',
  'de Vries',
  'Jansen',
  'Andersson',
  'Johansson',
  'Okafor',
  'Nowak',
  'Silva',
  'Brown',
  'Taylor',
  'Bakker',
  'Lindqvist',
  'Murphy',
  'Khan',
];
const SERVICES = [
  'pothole',
  'missed-bin',
  'street-lighting',
  'flytipping',
  'graffiti',
  'noise',
  'bulky-waste',
  'parking-permit',
];
const QUEUES = [
  'highways',
  'waste',
  'street-lighting',
  'cleansing',
  'environmental-health',
  'parking-permits',
];

/** Seeds citizens and cases in batches: references made as the gateway makes them, the rest in SQL. */
async function seed(pool: Pool, schema: string, total: number): Promise<void> {
  const s = `"${schema}"`;
  const parties = Math.max(1, Math.floor(total / 4));
  await pool.query(
    `INSERT INTO ${s}.parties (id, tenant_id, first_name, last_name, preferred_channel, language, version)
     SELECT gen_random_uuid(), 'default', (ARRAY['Anna','Lars','Sam','Ines','Piet','Maja','Tom','Eva'])[1 + i % 8], (ARRAY[${SURNAMES.map((x) => `'${x}'`).join(',')}])[1 + (i / 8) % ${SURNAMES.length}] || '-' || i, 'email', 'en', 1
     FROM generate_series(1, $1) i`,
    [parties],
  );
  // A numbered list of the seeded citizens (a table of the bench schema, so every pooled connection sees it).
  await pool.query(
    `CREATE TABLE ${s}.seed_parties AS SELECT id, row_number() over () AS n FROM ${s}.parties WHERE tenant_id = 'default' AND last_name LIKE '%-%'`,
  );
  await pool.query(`CREATE UNIQUE INDEX ON ${s}.seed_parties (n)`);
  await pool.query(
    `INSERT INTO ${s}.contact_points (tenant_id, party_id, kind, value) SELECT 'default', id, 'email', 'citizen' || n || '@example.org' FROM ${s}.seed_parties`,
  );
  await pool.query(
    `INSERT INTO ${s}.contact_points (tenant_id, party_id, kind, value) SELECT 'default', id, 'phone', '+4477009' || lpad(n::text, 6, '0') FROM ${s}.seed_parties`,
  );
  const batch = 20_000;
  for (let off = 0; off < total; off += batch) {
    const refs = Array.from({ length: Math.min(batch, total - off) }, (_, i) =>
      referenceFromKey('default', `seed:${schema}:${off + i}`),
    );
    await pool.query(
      `INSERT INTO ${s}.cases (tenant_id, reference, service_code, service_version, lgsl_id, interaction_type, status, priority, description, attributes, lat, long, address, channel_of_origin, party_id, queue, received_at, version)
       SELECT 'default', r.ref, (ARRAY[${SERVICES.map((x) => `'${x}'`).join(',')}])[1 + (r.i % ${SERVICES.length})], 1, 557, 'reporting',
              (ARRAY['received','open','in-progress','waiting-for-citizen','resolved','closed','closed','closed'])[1 + (r.i * 7 % 8)], 1 + r.i % 4, 'Seeded case',
              '{"depth":"deep"}', 51 + (r.i % 1000) / 1000.0, -0.5 + (r.i % 997) / 1000.0,
              (1 + r.i % 200) || ' ' || (ARRAY[${STREETS.map((x) => `'${x}'`).join(',')}])[1 + (r.i / 7) % ${STREETS.length}] || ', District ' || (r.i % 40),
              (ARRAY['web','phone','kiosk','counter'])[1 + r.i % 4], p.id, (ARRAY[${QUEUES.map((x) => `'${x}'`).join(',')}])[1 + r.i % ${QUEUES.length}],
              now() - (r.i % 730) * interval '1 day' - (r.i % 86400) * interval '1 second', 1
       FROM (SELECT u.ref, $2::int + u.ord::int AS i FROM unnest($1::text[]) WITH ORDINALITY AS u(ref, ord)) r
       JOIN ${s}.seed_parties p ON p.n = 1 + (r.i % ${parties})`,
      [refs, off],
    );
    if ((off / batch) % 10 === 0) process.stdout.write(`  seeded ${off + refs.length} cases\r`);
  }
  await pool.query(`DROP TABLE ${s}.seed_parties`);
  await pool.query(`ANALYZE ${s}.cases; ANALYZE ${s}.parties; ANALYZE ${s}.contact_points`);
}

async function timeSearches(url: string, pool: Pool, schema: string, headers: Record<string, string>) {
  const s = `"${schema}"`;
  const sample = (
    await pool.query(
      `SELECT c.reference, c.service_code, c.status, c.queue, c.address, p.last_name FROM ${s}.cases c JOIN ${s}.parties p ON p.id = c.party_id WHERE c.tenant_id = 'default' AND c.description = 'Seeded case' ORDER BY random() LIMIT $1`,
      [SEARCHES],
    )
  ).rows;
  const contacts = async (kind: string, like: string) =>
    (
      await pool.query(
        `SELECT value FROM ${s}.contact_points WHERE tenant_id = 'default' AND kind = $1 AND value LIKE $2 ORDER BY random() LIMIT $3`,
        [kind, like, SEARCHES],
      )
    ).rows.map((r) => r.value as string);
  const emails = await contacts('email', 'citizen%');
  const phones = await contacts('phone', '+4477009%');
  const kinds: Record<string, (i: number) => string> = {
    reference: (i) => `reference=${sample[i].reference}`,
    email: (i) => `email=${encodeURIComponent(emails[i % emails.length])}`,
    phone: (i) => `phone=${encodeURIComponent(phones[i % phones.length])}`,
    name: (i) => `name=${encodeURIComponent(sample[i].last_name)}`,
    address: (i) => `address=${encodeURIComponent(sample[i].address.split(',')[0])}`,
    'service+status': (i) => `service=${sample[i].service_code}&status=${sample[i].status}`,
    queue: (i) => `queue=${sample[i].queue}`,
  };
  const results: Record<string, number[]> = {};
  for (const [kind, q] of Object.entries(kinds)) {
    results[kind] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/cases?${q(i)}`, { headers });
      if (r.status !== 200) throw new Error(`search ${q(i)} answered ${r.status}`);
      const found = ((await r.json()) as { count: number }).count;
      results[kind].push(performance.now() - t);
      if (found === 0 && kind !== 'address') throw new Error(`search ${q(i)} found nothing`);
    }
  }
  return results;
}

/** What one token check costs in this process: the first time a token is seen (its RS256 signature), and after (remembered). */
async function tokenCheckCost(token: string): Promise<{ firstUs: number; rememberedUs: number }> {
  const config = authConfigSchema.parse({});
  const metadata = await discover(config.AUTH_ISSUER);
  const keys = createLocalJWKSet((await (await fetch(metadata.jwks_uri)).json()) as JSONWebKeySet);
  const N = 2_000;
  for (let i = 0; i < 200; i++)
    await jwtVerify(token, keys, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
  let t = performance.now();
  for (let i = 0; i < N; i++)
    await jwtVerify(token, keys, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
  const firstUs = ((performance.now() - t) * 1000) / N;
  const verifier = new TokenVerifier(config, 'default');
  await verifier.verify(token);
  t = performance.now();
  // A fresh copy of the header each time, as a new request brings it.
  for (let i = 0; i < N * 10; i++) await verifier.verify(`${token} `.trimEnd());
  return { firstUs, rememberedUs: ((performance.now() - t) * 1000) / (N * 10) };
}

async function main() {
  const prefix = uniquePrefix('benchcases');
  const schema = `bench_cases_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: DB, max: 12 });
  await prepareKafka(prefix, BROKERS);
  const { gateway, cases, gw, cs } = await startGatewayAndCases({
    prefix,
    schema,
    databaseUrl: DB,
    gatewayPort: GATEWAY_PORT,
    casesPort: CASES_PORT,
  });
  // The ops-monitor follows the same case events into its read models: does it keep up?
  build('ops-monitor');
  const opsSchema = `${schema}_ops`;
  const ops = start('ops-monitor', OPS_PORT, {
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: DB,
    DB_SCHEMA: opsSchema,
  });
  const om = `http://127.0.0.1:${OPS_PORT}`;
  try {
    await ready(om);
    // Agents and the IVR sign in: every read below carries a real token from the development Keycloak.
    const agent = { authorization: `Bearer ${await benchToken({ user: 'agent-17' })}` };
    const ivr = { authorization: `Bearer ${await benchToken({ service: 'intake-gateway' })}` };

    // 1. End to end: load through the gateway, while a sampler times 202 -> visible to an agent.
    let n = 0;
    const visible: number[] = [];
    let loading = true;
    const sampler = (async () => {
      while (loading) {
        const r = await fetch(`${gw}/api/v1/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(),
        });
        const t0 = performance.now();
        const { reference } = (await r.json()) as { reference: string };
        while ((await fetch(`${cs}/api/v1/cases/${reference}`, { headers: agent })).status !== 200)
          await new Promise((res) => setTimeout(res, 10));
        visible.push(performance.now() - t0);
      }
    })();
    const lagSamples: number[] = [];
    const lagSampler = (async () => {
      while (loading) {
        lagSamples.push(await opsLag(om).catch(() => NaN));
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();
    const t0 = performance.now();
    const csCpuBefore = processCpuMs(cases.pid!);
    const gwCpuBefore = processCpuMs(gateway.pid!);
    const load = await autocannon({
      url: `${gw}/api/v1/requests`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: body(),
            headers: { ...req.headers, 'idempotency-key': `bench-${prefix}-${n++}` },
          }),
        },
      ],
    });
    loading = false;
    await sampler;
    await lagSampler;
    const accepted = load['2xx'] + visible.length;
    let committed = 0;
    for (;;) {
      committed = Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".cases`)).rows[0].n);
      if (committed >= accepted) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = (performance.now() - t0) / 1000;
    // The ops-monitor after the last case was committed: until its read model holds every case.
    const tCommitted = performance.now();
    let folded = 0;
    while (performance.now() - tCommitted < 120_000) {
      folded = Number((await pool.query(`SELECT count(*) AS n FROM "${opsSchema}".ops_cases`)).rows[0].n);
      if (folded >= committed) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const opsCatchUp = (performance.now() - tCommitted) / 1000;
    const opsElapsed = (performance.now() - t0) / 1000;
    const csCpuPerCase = ((processCpuMs(cases.pid!) - csCpuBefore) * 1000) / committed;
    const gwCpuPerRequest = ((processCpuMs(gateway.pid!) - gwCpuBefore) * 1000) / accepted;

    // 1b. Signed-in reads at the case-service: an agent opening cases (token check, audit row), and the
    // IVR's status look-up with the gateway's service token (token check only), CPU per request.
    const refs = (
      await pool.query(`SELECT reference FROM "${schema}".cases ORDER BY random() LIMIT 500`)
    ).rows.map((r) => r.reference as string);
    const reads = async (path: (ref: string) => string, headers: Record<string, string>) => {
      let i = 0;
      const before = processCpuMs(cases.pid!);
      const r = await autocannon({
        url: cs,
        connections: 16,
        duration: READ_SECONDS,
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: path(refs[i++ % refs.length]) }) }],
      });
      if (r.non2xx > 0) throw new Error(`${r.non2xx} reads were refused or failed`);
      return {
        perSecond: r['2xx'] / READ_SECONDS,
        cpuUs: ((processCpuMs(cases.pid!) - before) * 1000) / Math.max(1, r['2xx']),
        p99: r.latency.p99,
      };
    };
    const tokenCost = await tokenCheckCost(agent.authorization.slice('Bearer '.length));
    const caseReads = await reads((ref) => `/api/v1/cases/${ref}`, agent);
    const statusReads = await reads((ref) => `/api/v1/ivr/requests/${ref}/status`, ivr);

    // 2. The raw ceiling: Postgres committing the same rows from Node, in the same run.
    const raw = await rawCommitRate(pool, schema, SECONDS);
    const rawBatched = await rawBatchedCommitRate(pool, schema, SECONDS);
    await pool.query(
      `DELETE FROM "${schema}".cases WHERE tenant_id = 'raw'; DELETE FROM "${schema}".parties WHERE tenant_id = 'raw'`,
    );

    console.log(
      `cases bench: ${SECONDS} s of load, ${CONNECTIONS} connections, web channel -> Kafka -> case-service -> Postgres`,
    );
    console.log(
      `  committed cases           ${(committed / elapsed).toFixed(0)} cases/s end to end (${committed} cases for ${accepted} acceptances in ${elapsed.toFixed(1)} s)`,
    );
    console.log(
      `  202 -> visible to agent   p50 ${ms(pct(visible, 50))}   p99 ${ms(pct(visible, 99))}   (${visible.length} samples during the load)`,
    );
    console.log(
      `  raw Postgres from Node    ${raw.toFixed(0)} case transactions/s (the same 8 rows each, 10 connections)`,
    );
    console.log(
      `  raw Postgres, batched     ${rawBatched.toFixed(0)} cases/s (the same rows, 200 cases a transaction, 6 connections)`,
    );
    console.log(
      `  ratio                     ${(committed / elapsed / raw).toFixed(2)} of the raw per-case rate, ${(committed / elapsed / rawBatched).toFixed(2)} of the raw batched rate`,
    );
    const lags = lagSamples.filter((x) => !Number.isNaN(x));
    console.log(
      `  ops-monitor               ${folded} of ${committed} cases in its read model ${opsCatchUp.toFixed(1)} s after the last was committed (${(folded / opsElapsed).toFixed(0)} cases/s over the run); its lag on case.events.v1 during the load: median ${pct(lags, 50)}, max ${Math.max(0, ...lags)} events (${lags.length} samples, 1 a second)`,
    );
    console.log(
      `  CPU per request           gateway ${gwCpuPerRequest.toFixed(0)} µs per accepted request; case-service ${csCpuPerCase.toFixed(0)} µs per committed case (user+system of each process)`,
    );
    console.log(
      `  agent opens a case        ${caseReads.perSecond.toFixed(0)} reads/s, p99 ${caseReads.p99} ms, case-service CPU ${caseReads.cpuUs.toFixed(0)} µs per read (agent's token checked, read audited)`,
    );
    console.log(
      `  IVR status look-up        ${statusReads.perSecond.toFixed(0)} reads/s, p99 ${statusReads.p99} ms, case-service CPU ${statusReads.cpuUs.toFixed(0)} µs per read (the gateway's service token checked)`,
    );
    console.log(
      `  one token check           ${tokenCost.firstUs.toFixed(0)} µs the first time a token is seen (RS256 signature, jose), ${tokenCost.rememberedUs.toFixed(1)} µs after (remembered until it expires)`,
    );

    // 3. One million cases, and the agents' searches.
    if (SEED === 0) return;
    const t1 = performance.now();
    await seed(pool, schema, SEED);
    console.log(
      `  seeded                    ${SEED} cases, ${Math.floor(SEED / 4)} citizens in ${((performance.now() - t1) / 1000).toFixed(0)} s`,
    );
    const searches = await timeSearches(cs, pool, schema, agent);
    for (const [kind, xs] of Object.entries(searches))
      console.log(`  search ${kind.padEnd(18)} p50 ${ms(pct(xs, 50))}   p95 ${ms(pct(xs, 95))}`);
    const all = Object.values(searches).flat();
    console.log(
      `  search, all kinds         p50 ${ms(pct(all, 50))}   p95 ${ms(pct(all, 95))}   (${all.length} searches over HTTP at ${SEED} cases)`,
    );
  } finally {
    await Promise.all([stop(gateway), stop(cases), stop(ops)]);
    if (process.env.BENCH_PROFILE) console.log('  CPU profiles in tmp/profiles/');
    await cleanUp(pool, prefix, BROKERS, schema, opsSchema);
  }
}

runBench(main);
