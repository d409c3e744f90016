// npm run bench:metrics-cost: what Prometheus metrics cost a service per request, counted in machine
// instructions instead of CPU time, so that the other work on this shared machine cannot blur it
// (CPU time per request varied 15-50 % between rounds here, more than the effect; see docs/benchmarks.md).
//
// The service under test runs its built bundle under valgrind's callgrind, with instrumentation off while
// it starts and warms up (BENCH_METRICS_WARMUP, 2,000 requests), then on for three measured phases:
//   1. BENCH_METRICS_REQUESTS (500) web requests (POST /api/v1/requests), one at a time,
//      and 3 s after the last is answered (or its case committed) for what they leave to do;
//   2. as long again with no request, in five windows: the work a process does by the clock (timers, Kafka
//      fetch loops, the event-loop monitor of the metrics), taken off phase 1 at the windows' median rate,
//      so that the time valgrind stretches does not charge the requests with it;
//   3. with metrics on, BENCH_METRICS_SCRAPES (5) scrapes of /metrics, what Prometheus's visits cost.
// The intake-gateway is measured on its own requests; the case-service on the cases it opens from them,
// the requests sent through a gateway running natively beside it. Each service is started with
// METRICS_ENABLED true and false in turn, BENCH_METRICS_ROUNDS (2) times each, in the same run.
// Instructions of every thread of the process (V8's compiler and GC helpers too) are counted; the
// kernel's work (sockets, syscalls) is not, so the ratios are of the process's own code, V8's JIT on.
// Needs `tools/infra up` (Kafka, Postgres, Redis, Keycloak) and valgrind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { Pool } from 'pg';
import { cleanupKafka, prepareKafka, uniquePrefix } from '@city/platform-testing';
import { appEnv, build, ready, runBench, start, stop } from './bench-kit';

const REQUESTS = Number(process.env.BENCH_METRICS_REQUESTS ?? 500);
const WARMUP = Number(process.env.BENCH_METRICS_WARMUP ?? 2_000);
const SCRAPES = Number(process.env.BENCH_METRICS_SCRAPES ?? 5);
const ROUNDS = Number(process.env.BENCH_METRICS_ROUNDS ?? 2);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const OUT = 'tmp/metrics-cost';
const SETTLE_MS = 3_000;
const SEMI_SPACE_MB = 16;
const IDLE_WINDOWS = 5;
const GATEWAY_PORT = 3321;
const CASES_PORT = 3322;

type Service = 'intake-gateway' | 'case-service';

interface Measured {
  enabled: boolean;
  /** Instructions per request (phase 1 less phase 2's rate over phase 1's time). */
  perRequest: number;
  /** Instructions per second of an idle process. */
  idlePerSecond: number;
  /** Instructions per scrape of /metrics (metrics on only). */
  perScrape?: number;
  /** Phase 1's instructions as counted, and its length, for the record. */
  loaded: number;
  seconds: number;
}

/** Starts a built app under callgrind with its instrumentation off; the same settings as bench-kit's start. */
function underCallgrind(app: Service, port: number, out: string, env: Record<string, string>): ChildProcess {
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '-q',
      '--instr-atstart=no',
      // V8 writes the code it compiles into anonymous memory and patches it: valgrind must look for that.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${out}`,
      process.execPath,
      // The young generation at one size: V8 sizes it by what survives, so one start's heap could settle
      // bigger than another's and collect less often, a difference larger than the metrics' own.
      `--min-semi-space-size=${SEMI_SPACE_MB}`,
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      `dist/apps/${app}/main.js`,
    ],
    {
      env: appEnv(port, env),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return child;
}

/** Sends callgrind a command (-i on, -z, -d ...) and waits for it to be carried out. */
function control(pid: number, ...args: string[]): void {
  // valgrind names its pipes to vgdb after $USER and $HOST: the app's HOST, which this must name too.
  const said = execFileSync('callgrind_control', [...args, String(pid)], {
    encoding: 'utf8',
    env: { ...process.env, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!/^\s+OK\.$/m.test(said)) throw new Error(`callgrind_control ${args.join(' ')}: ${said}`);
}

/** The instructions in callgrind's n-th dump. */
async function dumped(out: string, n: number): Promise<number> {
  const file = `${out}.${n}`;
  for (let i = 0; i < 100; i++) {
    if (existsSync(file)) {
      const totals = /^totals: (\d+)/m.exec(readFileSync(file, 'utf8'));
      if (totals) return Number(totals[1]);
    }
    await sleep(100);
  }
  throw new Error(`callgrind wrote no ${file}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

function body() {
  return JSON.stringify({
    serviceCode: 'pothole',
    description: 'Deep pothole by the bus stop',
    attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
    location: { lat: 51.95, long: 4.45 },
    contact: { firstName: 'Anna', lastName: 'de Vries', email: `${randomUUID()}@example.org` },
  });
}

/**
 * Posts `count` web requests to a gateway, `concurrency` at a time, each awaiting `then` before the next;
 * every one must be accepted.
 */
async function post(
  gw: string,
  count: number,
  keys: string,
  concurrency: number,
  then: (i: number) => Promise<void> = async () => undefined,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await fetch(`${gw}/api/v1/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `${keys}-${i}` },
          body: body(),
        });
        const text = await res.text();
        if (res.status !== 202) throw new Error(`${gw} answered ${res.status}: ${text}`);
        await then(i);
      }
    }),
  );
}

async function committed(pool: Pool, schema: string): Promise<number> {
  return Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".cases`)).rows[0].n);
}

async function untilCommitted(pool: Pool, schema: string, n: number): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  while ((await committed(pool, schema)) < n) {
    if (Date.now() > deadline) throw new Error(`the case-service committed fewer than ${n} cases`);
    await sleep(10);
  }
}

/** One start of one service, metrics on or off: its three phases counted. */
async function measure(service: Service, enabled: boolean, pool: Pool, label: string): Promise<Measured> {
  const prefix = uniquePrefix(`benchmc${label.replace(/\W/g, '')}`);
  await prepareKafka(prefix, BROKERS);
  const schema = `bench_mc_${randomUUID().slice(0, 8)}`;
  const out = `${OUT}/${label}.out`;
  const metrics = { METRICS_ENABLED: String(enabled) };
  const gw = `http://127.0.0.1:${GATEWAY_PORT}`;
  const cs = `http://127.0.0.1:${CASES_PORT}`;
  const casesEnv = { KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: DB, DB_SCHEMA: schema, ...metrics };
  const gatewayEnv = { KAFKA_TOPIC_PREFIX: prefix, CASE_SERVICE_URL: cs, ...metrics };
  // The one under test runs under callgrind; the gateway that feeds the case-service runs natively.
  const processes: ChildProcess[] = [];
  let measured: ChildProcess;
  if (service === 'intake-gateway') {
    measured = underCallgrind(service, GATEWAY_PORT, out, gatewayEnv);
    processes.push(measured);
  } else {
    measured = underCallgrind(service, CASES_PORT, out, casesEnv);
    processes.push(measured, start('intake-gateway', GATEWAY_PORT, gatewayEnv));
  }
  const pid = measured.pid!;
  const target = service === 'intake-gateway' ? gw : cs;
  let dumps = 0;
  try {
    await Promise.all([ready(gw), ready(target)]);
    const done = async (n: number) => {
      if (service === 'case-service') await untilCommitted(pool, schema, n);
    };
    await post(gw, WARMUP, `${label}-warm`, 8);
    await done(WARMUP);
    control(pid, '-i', 'on');
    await sleep(1000); // let callgrind instrument again what runs while idle, before counting
    control(pid, '-z');
    let t = performance.now();
    // One request at a time, and for the case-service one case at a time: batches (the gateway's Kafka
    // sends, the case-service's fetches) would otherwise grow with how slow the process is, and so with
    // the metrics, which would then look cheaper than nothing.
    await post(gw, REQUESTS, `${label}-measured`, 1, (i) => done(WARMUP + i + 1));
    await sleep(SETTLE_MS); // what the last requests left to do (an outbox to publish) is theirs
    const seconds = (performance.now() - t) / 1000;
    control(pid, '-d');
    const loaded = await dumped(out, ++dumps);
    // Idle in five windows, their median rate: a window in which something rare ran (a compile, a
    // Kafka metadata refresh) would otherwise be charged against every request of phase 1.
    const idleRates: number[] = [];
    for (let w = 0; w < IDLE_WINDOWS; w++) {
      t = performance.now();
      await sleep((seconds * 1000) / IDLE_WINDOWS);
      const windowSeconds = (performance.now() - t) / 1000;
      control(pid, '-d');
      idleRates.push((await dumped(out, ++dumps)) / windowSeconds);
    }
    const idlePerSecond = median(idleRates);
    let perScrape: number | undefined;
    if (enabled) {
      for (let i = 0; i < SCRAPES; i++) {
        const res = await fetch(`${target}/metrics`);
        if (res.status !== 200) throw new Error(`${target}/metrics answered ${res.status}`);
        await res.text();
      }
      control(pid, '-d');
      perScrape = (await dumped(out, ++dumps)) / SCRAPES;
    }
    control(pid, '-i', 'off');
    return {
      enabled,
      perRequest: (loaded - idlePerSecond * seconds) / REQUESTS,
      idlePerSecond,
      perScrape,
      loaded,
      seconds,
    };
  } finally {
    await Promise.all(processes.map(stop));
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await cleanupKafka(prefix, BROKERS);
  }
}

const kilo = (n: number) => `${(n / 1000).toFixed(0)} k`;
const mega = (n: number) => `${(n / 1e6).toFixed(2)} M`;

async function main() {
  build('intake-gateway', 'case-service');
  execFileSync('valgrind', ['--version']);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const pool = new Pool({ connectionString: DB, max: 2 });
  const services = (process.env.BENCH_METRICS_SERVICES ?? 'intake-gateway,case-service').split(
    ',',
  ) as Service[];
  console.log(
    `metrics cost, in instructions (callgrind, every thread of the process): ${REQUESTS} web requests ` +
      `one at a time after ${WARMUP} to warm up; metrics on and off alternated, ${ROUNDS} starts each`,
  );
  try {
    for (const service of services) {
      const runs: Measured[] = [];
      for (let round = 0; round < ROUNDS; round++)
        for (const enabled of [true, false]) {
          const m = await measure(service, enabled, pool, `${service}-${enabled ? 'on' : 'off'}-${round}`);
          runs.push(m);
          console.log(
            `  ${service} metrics ${enabled ? 'on ' : 'off'}: ${kilo(m.perRequest)} per request ` +
              `(${mega(m.loaded)} over ${m.seconds.toFixed(0)} s of requests), idle ${mega(m.idlePerSecond)}/s` +
              (m.perScrape === undefined ? '' : `, a scrape ${mega(m.perScrape)}`),
          );
        }
      const on = runs.filter((r) => r.enabled);
      const off = runs.filter((r) => !r.enabled);
      const a = mean(on.map((r) => r.perRequest));
      const b = mean(off.map((r) => r.perRequest));
      const idleOn = mean(on.map((r) => r.idlePerSecond));
      const idleOff = mean(off.map((r) => r.idlePerSecond));
      const rawOn = on.map((r) => r.loaded / REQUESTS);
      const rawOff = off.map((r) => r.loaded / REQUESTS);
      const pc = (x: number, y: number) => `${(((x - y) / y) * 100).toFixed(1)} %`;
      console.log(
        `  ${service}: per request, metrics on ${kilo(a)}, off ${kilo(b)} instructions: ${pc(a, b)} ` +
          `(starts: on ${on.map((r) => kilo(r.perRequest)).join(', ')}; off ${off.map((r) => kilo(r.perRequest)).join(', ')})`,
      );
      console.log(
        `    phase 1 as counted, idle not taken off: on ${kilo(mean(rawOn))}, off ${kilo(mean(rawOff))}: ${pc(mean(rawOn), mean(rawOff))} ` +
          `(starts: on ${rawOn.map(kilo).join(', ')}; off ${rawOff.map(kilo).join(', ')})`,
      );
      console.log(
        `    idle, on ${mega(idleOn)}/s, off ${mega(idleOff)}/s; a scrape ${mega(mean(on.map((r) => r.perScrape ?? 0)))}`,
      );
    }
  } finally {
    await pool.end();
  }
}

runBench(main);
