// npm run bench: the whole back end under a city's mix of requests. The five built services run as
// their own processes (one Kafka, Postgres and Redis, schemas and topics of this run); clients send
// requests on every channel (web 50 %, phone 30 %, counter 10 %, kiosk 10 %; a tenth a few metres
// from an open one) while agents take next and resolve, twice: at capacity (every client sending as
// fast as it is answered, or BENCH_RATE), then at half the rate the first run accepted. For each it
// prints what was accepted, the end-to-end throughput and the percentiles from the 202 to a routed
// case (a work item in a queue), and each service's CPU per request; then what the citizens were
// sent and, in the same run with the services stopped, the raw ceilings of the machine: Kafka produce (per
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
  buildApps,
  driveLoad,
  MailSink,
  prepareKafka,
  SERVICES,
  SmsStandIn,
  startApp,
  uniquePrefix,
  WholeSystem,
  type MixChannel,
} from '@city/platform-testing';
import { cleanUp, ms, pct, processCpuMs, runBench } from './bench-kit';
import { rawBatchedCommitRate, rawCommitRate, rawProduce } from './ceilings';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 10);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function main() {
  // Built now (Nx's cache when nothing changed), never an older dist/.
  buildApps(SERVICES);
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
    // The built apps (dist/), as production runs them. NODE_ENV test: production refuses the
    // development realm's demo client secrets the agents sign in with.
    launch: (name, port, env) => startApp(name, port, { ...env, NODE_ENV: 'test' }, { built: true }),
  });
  try {
    await system.start();
    const pids = () =>
      Object.fromEntries(SERVICES.map((n) => [n, processCpuMs(system.app(n)!.process.pid!)]));
    let agentsWorking = true;
    const agentsBusy = agentsAtWork({
      workflow: () => system.url('workflow-service'),
      cases: () => system.url('case-service'),
      agents: ['agent-17', 'agent-18', 'clerk-2', 'clerk-9'],
      running: () => agentsWorking,
    });
    const w = `"${system.schemas.workflow}".work_items`;
    /** A run of the mix, then the wait until every acceptance is routed (or closed as a likely duplicate). */
    const phase = async (o: { rate?: number }) => {
      const cpuBefore = pids();
      const t0 = Date.now();
      const load = await driveLoad({
        gateway: () => system.url('intake-gateway'),
        clients: CLIENTS,
        rate: o.rate,
        running: () => Date.now() - t0 < SECONDS * 1000,
      });
      const deadline = Date.now() + 300_000;
      let routed = new Map<string, number>();
      let duplicates = new Set<string>();
      while (Date.now() < deadline) {
        routed = new Map(
          (
            await pool.query<{ reference: string; at: string }>(
              `SELECT reference, (extract(epoch FROM created_at) * 1000)::bigint AS at FROM ${w}`,
            )
          ).rows.map((r) => [r.reference, Number(r.at)]),
        );
        // A report linked as the likely duplicate of an open one is closed as such: it is never routed.
        duplicates = new Set(
          (
            await pool.query<{ reference: string }>(
              `SELECT reference FROM "${system.schemas.cases}".cases WHERE status = 'duplicate'`,
            )
          ).rows.map((r) => r.reference),
        );
        if ([...load.accepted.keys()].every((r) => routed.has(r) || duplicates.has(r))) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const cpuAfter = pids();
      const mine = [...load.accepted.values()];
      const routedHere = mine.filter((a) => routed.has(a.reference));
      const latencies = routedHere.map((a) => routed.get(a.reference)! - a.acceptedAt);
      const lastRouted = Math.max(...routedHere.map((a) => routed.get(a.reference)!));
      const byChannel = new Map<MixChannel, number>();
      for (const a of mine) byChannel.set(a.channel, (byChannel.get(a.channel) ?? 0) + 1);
      return {
        load,
        accepted: mine.length,
        acceptedPerSecond: mine.length / load.seconds,
        routed: routedHere.length,
        duplicates: mine.filter((a) => duplicates.has(a.reference)).length,
        unrouted: mine.filter((a) => !routed.has(a.reference) && !duplicates.has(a.reference)).length,
        endToEnd: routedHere.length / ((lastRouted - t0) / 1000),
        tail: (lastRouted - t0) / 1000 - load.seconds,
        latencies,
        near: mine.filter((a) => a.near).length,
        byChannel,
        cpuUsPerRequest: Object.entries(cpuAfter).map(
          ([n, c]) => [n, ((c - cpuBefore[n]) * 1000) / mine.length] as const,
        ),
      };
    };
    // 1. Capacity: RATE, or every client as fast as it is answered. 2. Latency at half of what 1 accepted.
    const capacity = await phase({ rate: RATE });
    const halfRate = Math.max(1, Math.round(capacity.acceptedPerSecond / 2));
    const half = await phase({ rate: halfRate });
    agentsWorking = false;
    const agents = await agentsBusy;
    const emails = mail.mails.length;
    const texts = sms.messages.length;

    // The machine's ceilings, in the same run, with the services stopped (nothing else competing).
    await system.stop();
    const kafka = createKafka(
      { clientId: 'bench-system-raw', brokers: BROKERS, topicPrefix: prefix },
      createLogger('bench', 'warn'),
    );
    const rawTopic = prefix + TOPICS.intakeRequests;
    const rawPerMessage = await rawProduce(kafka, rawTopic, 'per-message', CEILING_SECONDS, CLIENTS);
    const rawBatched = await rawProduce(kafka, rawTopic, 'batched', CEILING_SECONDS, CLIENTS);
    const pgPerCase = await rawCommitRate(pool, system.schemas.cases, CEILING_SECONDS);
    const pgBatched = await rawBatchedCommitRate(pool, system.schemas.cases, CEILING_SECONDS);

    console.log(
      `system bench: ${CLIENTS} clients, 4 agents taking next and resolving, 1 broker, ${require('node:os').cpus().length} cores; two runs of ${SECONDS} s`,
    );
    for (const [title, r] of [
      [RATE ? `at ${RATE} req/s` : 'capacity (each client as fast as answered)', capacity],
      [`at half of it (${halfRate} req/s)`, half],
    ] as const) {
      const share = (c: MixChannel) =>
        `${c} ${(((r.byChannel.get(c) ?? 0) / r.accepted) * 100).toFixed(0)} %`;
      console.log(`  ${title}`);
      console.log(
        `    accepted (202)           ${r.accepted} = ${r.acceptedPerSecond.toFixed(0)} req/s (${share('web')}, ${share('phone')}, ${share('counter')}, ${share('kiosk')}; ${r.near} near an open report)`,
      );
      console.log(
        `    not acknowledged         ${r.load.gaveUp.length} given up, ${r.load.refused.length} refused as bad input; other answers ${JSON.stringify(Object.fromEntries(r.load.failures))}`,
      );
      console.log(
        `    routed end to end        ${r.endToEnd.toFixed(0)} cases/s (${r.routed} routed, ${r.duplicates} closed as likely duplicates; the last ${r.tail.toFixed(1)} s after the load stopped)${r.unrouted ? `; ${r.unrouted} NOT ROUTED` : ''}`,
      );
      console.log(
        `    202 -> routed            p50 ${ms(pct(r.latencies, 50))}   p95 ${ms(pct(r.latencies, 95))}   p99 ${ms(pct(r.latencies, 99))}   max ${ms(Math.max(...r.latencies))}`,
      );
      console.log(
        `    CPU per request          ${r.cpuUsPerRequest.map(([n, us]) => `${n} ${us.toFixed(0)} µs`).join(', ')}`,
      );
    }
    console.log(`  agents                     ${agents.taken} taken, ${agents.resolved} resolved`);
    console.log(`  citizens told              ${emails} emails, ${texts} texts (by the end of both runs)`);
    console.log(
      `  raw Kafka produce          ${rawPerMessage.toFixed(0)} msg/s per message (${CLIENTS} at once), ${rawBatched.toFixed(0)} msg/s batched (500 a request)`,
    );
    console.log(
      `  raw Postgres, a case's rows ${pgPerCase.toFixed(0)} cases/s one per transaction, ${pgBatched.toFixed(0)} cases/s 200 per transaction`,
    );
    const e2e = capacity.endToEnd;
    console.log(
      `  end to end against them    ${(e2e / rawPerMessage).toFixed(2)}x raw per-message produce, ${(e2e / rawBatched).toFixed(2)}x batched; ${(e2e / pgPerCase).toFixed(2)}x raw per-case Postgres, ${(e2e / pgBatched).toFixed(2)}x batched`,
    );
    const unrouted = capacity.unrouted + half.unrouted;
    if (unrouted) throw new Error(`${unrouted} accepted requests were not routed within 5 minutes`);
  } finally {
    await system.stop();
    await Promise.all([mail.stop(), sms.stop()]);
    await cleanUp(pool, prefix, BROKERS, ...Object.values(system.schemas));
  }
}

runBench(main);
