// npm run bench: the whole back end under a city's mix of requests. The five built services run as
// their own processes (one Kafka, Postgres and Redis, schemas and topics of this run); clients send
// requests on every channel (web 50 %, phone 30 %, counter 10 %, kiosk 10 %; a tenth a few metres
// from an open one) while agents take next and resolve. It prints what was accepted, the end-to-end
// throughput and the percentiles from the 202 to a routed case (a work item in a queue), what the
// citizens were sent, and, in the same run, the raw ceilings of the machine: Kafka produce (per
// message and batched, the gateway's settings) and Postgres commits of the rows a case costs (one
// case per transaction, and 200). Needs `tools/infra up`. Settings: BENCH_SECONDS (30),
// BENCH_CLIENTS (32), BENCH_RATE (requests/s in all; unset: each client as fast as answered),
// BENCH_CEILING_SECONDS (10).
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { TOPICS } from '@city/contracts';
import { createKafka } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  agentsAtWork,
  driveLoad,
  MailSink,
  prepareKafka,
  SmsStandIn,
  uniquePrefix,
  WholeSystem,
  type Launch,
  type MixChannel,
} from '@city/platform-testing';
import { build, cleanUp, ms, pct, processCpuMs, ready, runBench, start, stop } from './bench-kit';
import { rawBatchedCommitRate, rawCommitRate, rawProduce } from './ceilings';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 10);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The built apps (dist/), as `npm run up` runs them. */
const launchBuilt: Launch = async (name, port, env) => {
  const child = start(name, port, env);
  const url = `http://127.0.0.1:${port}`;
  await ready(url);
  return {
    name,
    url,
    process: child,
    kill: async () => void child.kill('SIGKILL'),
    stop: () => stop(child),
    output: () => '',
  };
};

async function main() {
  build('intake-gateway', 'case-service', 'workflow-service', 'notification-service', 'ops-monitor');
  const prefix = uniquePrefix('benchsystem');
  const label = `bench_system_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: DB, max: 10 });
  const mail = await new MailSink().start();
  const sms = await new SmsStandIn().start();
  await prepareKafka(prefix, BROKERS);
  const system = new WholeSystem({
    prefix,
    brokers: BROKERS,
    databaseUrl: DB,
    redisUrl: REDIS,
    label,
    mail,
    sms,
    launch: launchBuilt,
  });
  try {
    await system.start();
    const pids = () =>
      Object.fromEntries(
        (
          [
            'intake-gateway',
            'case-service',
            'workflow-service',
            'notification-service',
            'ops-monitor',
          ] as const
        ).map((n) => [n, processCpuMs(system.app(n)!.process.pid!)]),
      );
    const cpuBefore = pids();
    const t0 = Date.now();
    let loading = true;
    const agentsBusy = agentsAtWork({
      workflow: () => system.url('workflow-service'),
      cases: () => system.url('case-service'),
      agents: ['agent-17', 'agent-18', 'clerk-2', 'clerk-9'],
      running: () => loading,
    });
    const load = await driveLoad({
      gateway: () => system.url('intake-gateway'),
      clients: CLIENTS,
      rate: RATE,
      running: () => Date.now() - t0 < SECONDS * 1000,
    });
    // Every acceptance routed: a work item per accepted reference.
    const w = `"${system.schemas.workflow}".work_items`;
    const deadline = Date.now() + 300_000;
    let routed = new Map<string, number>();
    while (Date.now() < deadline) {
      routed = new Map(
        (
          await pool.query<{ reference: string; at: string }>(
            `SELECT reference, (extract(epoch FROM created_at) * 1000)::bigint AS at FROM ${w}`,
          )
        ).rows.map((r) => [r.reference, Number(r.at)]),
      );
      if ([...load.accepted.keys()].every((r) => routed.has(r))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    loading = false;
    const agents = await agentsBusy;
    const cpuAfter = pids();
    const unrouted = [...load.accepted.keys()].filter((r) => !routed.has(r));
    const latencies = [...load.accepted.values()]
      .filter((a) => routed.has(a.reference))
      .map((a) => routed.get(a.reference)! - a.acceptedAt);
    const lastRouted = Math.max(...[...load.accepted.keys()].map((r) => routed.get(r) ?? 0));
    const endToEnd = (load.accepted.size - unrouted.length) / ((lastRouted - t0) / 1000);
    const byChannel = new Map<MixChannel, number>();
    for (const a of load.accepted.values()) byChannel.set(a.channel, (byChannel.get(a.channel) ?? 0) + 1);
    const near = [...load.accepted.values()].filter((a) => a.near).length;
    const linked = Number(
      (
        await pool.query(
          `SELECT count(DISTINCT from_case_id) AS n FROM "${system.schemas.cases}".case_links WHERE kind = 'duplicate-of'`,
        )
      ).rows[0]?.n ?? 0,
    );

    // The machine's ceilings, in the same run, with the system idle.
    const kafka = createKafka(
      { clientId: 'bench-system-raw', brokers: BROKERS, topicPrefix: prefix },
      createLogger('bench', 'warn'),
    );
    const rawTopic = prefix + TOPICS.intakeRequests;
    const rawPerMessage = await rawProduce(kafka, rawTopic, 'per-message', CEILING_SECONDS, CLIENTS);
    const rawBatched = await rawProduce(kafka, rawTopic, 'batched', CEILING_SECONDS, CLIENTS);
    const pgPerCase = await rawCommitRate(pool, system.schemas.cases, CEILING_SECONDS);
    const pgBatched = await rawBatchedCommitRate(pool, system.schemas.cases, CEILING_SECONDS);

    const accepted = load.accepted.size;
    const share = (c: MixChannel) => `${c} ${(((byChannel.get(c) ?? 0) / accepted) * 100).toFixed(0)} %`;
    console.log(
      `system bench: ${CLIENTS} clients for ${SECONDS} s${RATE ? ` at ${RATE} req/s` : ' (each as fast as answered)'}, 4 agents taking next and resolving, 1 broker, ${require('node:os').cpus().length} cores`,
    );
    console.log(
      `  accepted (202)             ${accepted} = ${(accepted / load.seconds).toFixed(0)} req/s (${share('web')}, ${share('phone')}, ${share('counter')}, ${share('kiosk')}; ${near} near an open report)`,
    );
    console.log(
      `  not acknowledged           ${load.gaveUp.length} given up, ${load.refused.length} refused as bad input; other answers ${JSON.stringify(Object.fromEntries(load.failures))}`,
    );
    console.log(
      `  routed end to end          ${endToEnd.toFixed(0)} cases/s (${accepted - unrouted.length} routed; the last ${((lastRouted - t0) / 1000 - load.seconds).toFixed(1)} s after the load stopped)${unrouted.length ? `; ${unrouted.length} NOT ROUTED` : ''}`,
    );
    console.log(
      `  202 -> routed              p50 ${ms(pct(latencies, 50))}   p95 ${ms(pct(latencies, 95))}   p99 ${ms(pct(latencies, 99))}   max ${ms(Math.max(...latencies))}`,
    );
    console.log(
      `  agents                     ${agents.taken} taken, ${agents.resolved} resolved; likely duplicates linked: ${linked} of ${near} near`,
    );
    console.log(`  citizens told              ${mail.mails.length} emails, ${sms.messages.length} texts`);
    console.log(
      `  CPU per accepted request   ${Object.entries(cpuAfter)
        .map(([n, c]) => `${n} ${(((c - cpuBefore[n]) * 1000) / accepted).toFixed(0)} µs`)
        .join(', ')}`,
    );
    console.log(
      `  raw Kafka produce          ${rawPerMessage.toFixed(0)} msg/s per message (${CLIENTS} at once), ${rawBatched.toFixed(0)} msg/s batched (500 a request)`,
    );
    console.log(
      `  raw Postgres, a case's rows ${pgPerCase.toFixed(0)} cases/s one per transaction, ${pgBatched.toFixed(0)} cases/s 200 per transaction`,
    );
    console.log(
      `  end to end against them    ${(endToEnd / rawPerMessage).toFixed(2)}x raw per-message produce, ${(endToEnd / rawBatched).toFixed(2)}x batched; ${(endToEnd / pgPerCase).toFixed(2)}x raw per-case Postgres, ${(endToEnd / pgBatched).toFixed(2)}x batched`,
    );
    if (unrouted.length)
      throw new Error(`${unrouted.length} accepted requests were not routed within 5 minutes`);
  } finally {
    await system.stop();
    await Promise.all([mail.stop(), sms.stop()]);
    await cleanUp(pool, prefix, BROKERS, ...Object.values(system.schemas));
  }
}

runBench(main);
