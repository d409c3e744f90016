// npm run bench:ops: what operations cost, in one run.
// 1. The ops-monitor's reports over BENCH_OPS_CASES (1,000,000) cases of a year, seeded into its read
//    model: each report over HTTP (a supervisor's real token) BENCH_OPS_RUNS (20) times, p50 and p95,
//    beside the raw ceiling of the same table: Postgres counting it, and grouping it by service and channel.
// 2. What metrics cost: two gateways and two case-services, one pair with METRICS_ENABLED and one without,
//    the same web load alternated between them (BENCH_SECONDS, 10, each round, two rounds each): CPU per
//    request of each process (user + system from /proc), both ways in the same run.
// BENCH_OPS_METRICS=0 skips part 2. Needs `tools/infra up` (Kafka, Postgres, Redis, Keycloak).
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { prepareKafka, uniquePrefix } from '@city/platform-testing';
import { benchToken, build, cleanUp, ms, pct, processCpuMs, ready, runBench, start, stop } from './bench-kit';

const CASES = Number(process.env.BENCH_OPS_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_OPS_RUNS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const OPS_PORT = 3301;

const timeIt = async (work: () => Promise<unknown>) => {
  const t = performance.now();
  await work();
  return performance.now() - t;
};

/**
 * A year of cases in the read model, spread as a city's would be: eight services, four channels (web
 * half), two districts, most resolved after a day or two against two-day targets, some late, some
 * reopened, duplicates, satisfaction answers from a third; 5 % still open; three status spans each.
 */
async function seed(pool: Pool, s: string, n: number): Promise<void> {
  const batch = 100_000;
  for (let from = 0; from < n; from += batch) {
    await pool.query(
      `WITH g AS (SELECT i, gen_random_uuid() AS id,
                         timestamptz '2026-01-01' + (i::float8 / $2) * interval '330 days' AS received
                    FROM generate_series($1::int, $1::int + $3 - 1) AS i),
            c AS (INSERT INTO ${s}.ops_cases (case_id, tenant_id, reference, service_code, lgsl_id, channel, district, status, open,
                         duplicate, queue, priority, assignee, received_at, first_response_at, first_response_due_at,
                         resolution_due_at, resolved_at, resolved_within_sla, first_response_minutes, resolution_minutes, reopen_count, warned_at, breached_at,
                         satisfaction, status_since)
                  SELECT id, 'default', 'BENCH-' || i,
                         (ARRAY['pothole','missed-bin','street-lighting','flytipping','graffiti','noise','bulky-waste','parking-permit'])[1 + i % 8],
                         (ARRAY[557,524,558,1155,471,485,524,1131])[1 + i % 8],
                         (ARRAY['web','web','phone','kiosk','counter','web','phone','web'])[1 + (i / 8) % 8],
                         CASE WHEN i % 5 = 0 THEN NULL WHEN i % 2 = 0 THEN 'noord' ELSE 'zuid' END,
                         CASE WHEN i % 20 = 0 THEN 'open' ELSE 'resolved' END, i % 20 = 0,
                         i % 19 = 0, 'queue-' || (i % 8), 3, CASE WHEN i % 40 = 0 THEN 'agent-' || (i % 50) END,
                         received, received + interval '2 hours', received + interval '1 day', received + interval '2 days',
                         CASE WHEN i % 20 = 0 THEN NULL ELSE received + (1 + (i % 7) * 0.5) * interval '1 day' END,
                         CASE WHEN i % 20 = 0 THEN NULL ELSE (1 + (i % 7) * 0.5) <= 2 END,
                         120, CASE WHEN i % 20 = 0 THEN NULL ELSE ((1 + (i % 7) * 0.5) * 1440)::int END,
                         CASE WHEN i % 33 = 0 THEN 1 ELSE 0 END,
                         CASE WHEN i % 9 = 0 THEN received + interval '36 hours' END,
                         CASE WHEN i % 27 = 0 THEN received + interval '2 days' END,
                         CASE WHEN i % 3 = 0 THEN 1 + i % 5 END, received
                    FROM g RETURNING case_id, service_code, received_at, resolved_at)
       INSERT INTO ${s}.ops_status_spans (case_id, tenant_id, service_code, status, entered_at, left_at, minutes)
       SELECT case_id, 'default', service_code, st.status, st.entered, st.left_at,
              round(extract(epoch FROM st.left_at - st.entered) / 60)::int
         FROM c, LATERAL (VALUES ('received', received_at, received_at + interval '2 hours'),
                                 ('in-progress', received_at + interval '2 hours', resolved_at),
                                 ('resolved', resolved_at, NULL::timestamptz)) AS st(status, entered, left_at)
        WHERE st.entered IS NOT NULL`,
      [from, n, Math.min(batch, n - from)],
    );
  }
  await pool.query(`ANALYZE ${s}.ops_cases`);
  await pool.query(`ANALYZE ${s}.ops_status_spans`);
}

async function reports(pool: Pool, prefix: string): Promise<void> {
  build('ops-monitor');
  const schema = `bench_ops_${randomUUID().slice(0, 8)}`;
  const ops = start('ops-monitor', OPS_PORT, {
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: DB,
    DB_SCHEMA: schema,
  });
  const url = `http://127.0.0.1:${OPS_PORT}`;
  try {
    await ready(url);
    const s = `"${schema}"`;
    const t0 = performance.now();
    await seed(pool, s, CASES);
    const spans = Number((await pool.query(`SELECT count(*) AS n FROM ${s}.ops_status_spans`)).rows[0].n);
    console.log(
      `ops bench: the reports over ${CASES} cases of a year (${spans} status spans), seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const headers = { authorization: `Bearer ${await benchToken({ user: 'supervisor-1' })}` };
    const year = 'from=2026-01-01&to=2026-12-31';
    const endpoints: Array<[string, string]> = [
      ['standard of service', `/api/v1/reports/standard-of-service?${year}`],
      ['channel shift', `/api/v1/reports/channel-shift?${year}&shift=phone%3Eweb:20`],
      ['demand (by week)', `/api/v1/reports/demand?${year}&interval=week`],
      ['process review', `/api/v1/reports/process-review?${year}`],
      ['self-assessment', `/api/v1/reports/self-assessment?${year}`],
      ['standard, one month', `/api/v1/reports/standard-of-service?from=2026-06-01&to=2026-06-30`],
      ['live board', `/api/v1/live`],
    ];
    for (const [name, path] of endpoints) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++)
        times.push(
          await timeIt(async () => {
            const r = await fetch(`${url}${path}`, { headers });
            if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
            await r.arrayBuffer();
          }),
        );
      console.log(
        `  ${name.padEnd(22)} p50 ${ms(pct(times, 50))}   p95 ${ms(pct(times, 95))}   (${RUNS} runs over HTTP)`,
      );
    }
    const raw = async (sql: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push(await timeIt(() => pool.query(sql)));
      return pct(times, 50);
    };
    console.log(
      `  raw: count the table      ${ms(await raw(`SELECT count(*) FROM ${s}.ops_cases`))} (p50 of 5)`,
    );
    console.log(
      `  raw: group by service and channel ${ms(await raw(`SELECT service_code, channel, count(*) FROM ${s}.ops_cases GROUP BY 1, 2`))} (p50 of 5)`,
    );
  } finally {
    await stop(ops);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
}

function body() {
  return JSON.stringify({
    serviceCode: 'pothole',
    description: 'Deep pothole by the bus stop',
    attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
    location: { lat: 51.95, long: 4.45 },
    contact: { firstName: 'Anna', lastName: 'de Vries', email: `${randomUUID()}@example.org` },
  });
}

async function metricsCost(pool: Pool): Promise<void> {
  build('intake-gateway', 'case-service');
  const pairs = await Promise.all(
    [true, false].map(async (enabled, k) => {
      const prefix = uniquePrefix(`benchmetrics${k}`);
      await prepareKafka(prefix, BROKERS);
      const schema = `bench_metrics_${randomUUID().slice(0, 8)}`;
      const env = { KAFKA_TOPIC_PREFIX: prefix, METRICS_ENABLED: String(enabled) };
      const cases = start('case-service', 3310 + k, { ...env, DATABASE_URL: DB, DB_SCHEMA: schema });
      const gateway = start('intake-gateway', 3312 + k, {
        ...env,
        CASE_SERVICE_URL: `http://127.0.0.1:${3310 + k}`,
      });
      return {
        enabled,
        prefix,
        schema,
        cases,
        gateway,
        gw: `http://127.0.0.1:${3312 + k}`,
        cs: `http://127.0.0.1:${3310 + k}`,
        cpu: { gateway: [] as number[], cases: [] as number[] },
      };
    }),
  );
  try {
    await Promise.all(pairs.flatMap((p) => [ready(p.gw), ready(p.cs)]));
    let n = 0;
    // A warm-up for each pair first (not counted): connections, JIT, the first tokens and catalogue reads.
    for (const p of pairs) {
      const w = await autocannon({
        url: `${p.gw}/api/v1/requests`,
        method: 'POST',
        connections: 16,
        duration: 3,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: body(),
              headers: { ...req.headers, 'idempotency-key': `w-${p.prefix}-${n++}` },
            }),
          },
        ],
      });
      if (w['2xx'] === 0)
        throw new Error(`the warm-up got no 202 from ${p.gw} (${w.non2xx} refused, ${w.errors} errors)`);
    }
    for (let round = 0; round < 2; round++)
      for (const p of pairs) {
        const before = { gw: processCpuMs(p.gateway.pid!), cs: processCpuMs(p.cases.pid!) };
        const committedBefore = Number(
          (await pool.query(`SELECT count(*) AS n FROM "${p.schema}".cases`)).rows[0].n,
        );
        const r = await autocannon({
          url: `${p.gw}/api/v1/requests`,
          method: 'POST',
          connections: 16,
          duration: SECONDS,
          headers: { 'content-type': 'application/json' },
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                body: body(),
                headers: { ...req.headers, 'idempotency-key': `m-${p.prefix}-${n++}` },
              }),
            },
          ],
        });
        let committed = 0;
        for (let i = 0; i < 600; i++) {
          committed =
            Number((await pool.query(`SELECT count(*) AS n FROM "${p.schema}".cases`)).rows[0].n) -
            committedBefore;
          if (committed >= r['2xx']) break;
          await new Promise((res) => setTimeout(res, 100));
        }
        p.cpu.gateway.push(((processCpuMs(p.gateway.pid!) - before.gw) * 1000) / Math.max(1, r['2xx']));
        p.cpu.cases.push(((processCpuMs(p.cases.pid!) - before.cs) * 1000) / Math.max(1, committed));
      }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [on, off] = pairs;
    console.log(
      `metrics cost: the same web load (${SECONDS} s, 16 connections) alternated, two rounds each; CPU per request (user + system)`,
    );
    for (const [name, key] of [
      ['gateway, per accepted request', 'gateway'],
      ['case-service, per committed case', 'cases'],
    ] as const) {
      const a = mean(on.cpu[key]);
      const b = mean(off.cpu[key]);
      console.log(
        `  ${name.padEnd(34)} metrics on ${a.toFixed(0)} µs (${on.cpu[key].map((x) => x.toFixed(0)).join(', ')}), off ${b.toFixed(0)} µs (${off.cpu[key].map((x) => x.toFixed(0)).join(', ')}): ${(((a - b) / b) * 100).toFixed(1)} %`,
      );
    }
  } finally {
    await Promise.all(pairs.flatMap((p) => [stop(p.gateway), stop(p.cases)]));
    for (const p of pairs) await pool.query(`DROP SCHEMA IF EXISTS "${p.schema}" CASCADE`);
    const { cleanupKafka } = await import('@city/platform-testing');
    for (const p of pairs) await cleanupKafka(p.prefix, BROKERS);
  }
}

async function main() {
  const prefix = uniquePrefix('benchops');
  const pool = new Pool({ connectionString: DB, max: 4 });
  await prepareKafka(prefix, BROKERS);
  try {
    await reports(pool, prefix);
    if (process.env.BENCH_OPS_METRICS !== '0') await metricsCost(pool);
  } finally {
    await cleanUp(pool, prefix, BROKERS);
  }
}

runBench(main);
