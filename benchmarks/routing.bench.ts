// npm run bench:routing: how fast the workflow-service routes new cases (CaseOpened on Kafka to a
// queued work item with its clocks and facts), beside the raw rate at which the Kafka client produces the same
// events in the same run; then 100,000 queued items and 50 agents calling "take next" at once over
// HTTP, with the p50/p95 of a call. Needs `tools/infra up`. Settings: BENCH_ROUTE_CASES (20000),
// BENCH_QUEUED (100000), BENCH_AGENTS (50), BENCH_SECONDS (15), BENCH_PROFILE=1.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { caseOpenedV1, createEnvelope, TOPICS } from '@city/contracts';
import { createIdempotentProducer, createKafka } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { prepareKafka, uniquePrefix } from '@city/platform-testing';
import {
  build,
  cleanUp,
  ms,
  pct,
  ready,
  runBench,
  start,
  stop,
  benchToken,
  ensureBenchUsers,
  processCpuMs,
} from './bench-kit';

const ROUTE_CASES = Number(process.env.BENCH_ROUTE_CASES ?? 20_000);
const QUEUED = Number(process.env.BENCH_QUEUED ?? 100_000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const PORT = 3297;
const QUEUES = [
  'highways-north',
  'highways-south',
  'cleansing',
  'waste',
  'parking',
  'housing',
  'environmental-health',
  'licensing',
  'contact-centre',
  'revenues',
];

/** A new case somewhere in Rotterdam, as the case-service announces it. */
function opened(tenantId = 'default') {
  const base = caseOpenedV1.example.payload;
  const hazard = Math.random() < 0.1 ? 'yes' : 'no';
  return createEnvelope(caseOpenedV1, {
    tenantId,
    correlationId: randomUUID(),
    payload: {
      ...base,
      caseId: randomUUID(),
      attributes: { depth: 'deep', 'road-type': 'carriageway', hazard },
      location: {
        lat: 51.86 + Math.random() * 0.12,
        long: 4.4 + Math.random() * 0.18,
        address: null,
        propertyId: null,
      },
      language: (['en', 'nl', 'sv'] as const)[Math.floor(Math.random() * 3)],
      supportNeeds: Math.random() < 0.05,
      receivedAt: new Date().toISOString(),
      openedAt: new Date().toISOString(),
    },
  });
}

async function main() {
  const prefix = uniquePrefix('benchrouting');
  const schema = `bench_routing_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: DB, max: 4 });
  build('workflow-service');
  await prepareKafka(prefix, BROKERS);
  const kafka = createKafka(
    { clientId: 'bench-routing', brokers: BROKERS, topicPrefix: prefix },
    createLogger('bench', 'warn'),
  );
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  // Routing first: the service starts on an empty schema with the events already waiting, so the
  // figure is its own rate, not the rate of this script's producer.
  const events = Array.from({ length: ROUTE_CASES }, () => opened());
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 500) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        {
          topic: prefix + TOPICS.caseEvents,
          messages: events
            .slice(i, i + 500)
            .map((e) => ({ key: e.payload.caseId, value: JSON.stringify(e) })),
        },
      ],
    });
  }
  const rawProduce = ROUTE_CASES / ((performance.now() - t0) / 1000);
  await producer.disconnect();

  const app = start('workflow-service', PORT, {
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: DB,
    DB_SCHEMA: schema,
    QUEUE_PREFIX: `bench-${schema}`,
    DB_POOL_SIZE: process.env.BENCH_DB_POOL ?? '10',
  });
  const url = `http://127.0.0.1:${PORT}`;
  try {
    await ready(url);
    const t1 = performance.now();
    const cpu1 = processCpuMs(app.pid!);
    let routed = 0;
    while (routed < ROUTE_CASES) {
      routed = Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".work_items`)).rows[0].n);
      if (performance.now() - t1 > 600_000)
        throw new Error(`only ${routed} of ${ROUTE_CASES} routed in 10 minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const routeSeconds = (performance.now() - t1) / 1000;
    const routeCpuMs = processCpuMs(app.pid!) - cpu1;
    console.log(
      `routing bench: ${ROUTE_CASES} CaseOpened waiting on Kafka -> workflow-service -> work items, clocks, facts`,
    );
    console.log(
      `  cases routed              ${(ROUTE_CASES / routeSeconds).toFixed(0)} cases/s (${ROUTE_CASES} in ${routeSeconds.toFixed(1)} s; workflow-service CPU ${((routeCpuMs * 1000) / ROUTE_CASES).toFixed(0)} µs per case, user+system)`,
    );
    console.log(
      `  ${'raw Kafka, same events'.padEnd(30)}${rawProduce.toFixed(0)} events/s produced (500 a request, acks=all)`,
    );

    // 2. Take next: 100,000 queued items, 50 agents at once.
    const t2 = performance.now();
    await pool.query(
      `INSERT INTO "${schema}".work_items (case_id, tenant_id, worked_by, reference, service_code, channel, queue, priority, skills, state, routing_rule, resolution_due_at, received_at, version)
       SELECT gen_random_uuid(), 'default', 'default', 'EA49-HVS1-TVR', 'pothole', (ARRAY['web','phone','kiosk','counter'])[1 + (i % 4)], ($2::text[])[1 + (i % 10)], 1 + (i % 4),
              CASE WHEN i % 7 = 0 THEN ARRAY['nl'] WHEN i % 11 = 0 THEN ARRAY['hazmat'] ELSE ARRAY[]::text[] END, 'queued', 'bench',
              now() + (i % 5000) * interval '1 minute', now() - (i % 10000) * interval '1 second', 1
         FROM generate_series(1, $1) AS i`,
      [QUEUED, QUEUES],
    );
    await pool.query(`ANALYZE "${schema}".work_items`);
    // Fifty agents, each signed in with a token of their own (users made in the development realm).
    const agents = Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i}`);
    await ensureBenchUsers(agents, 'agent');
    const tokens = new Map<string, Record<string, string>>();
    for (const a of agents) tokens.set(a, { authorization: `Bearer ${await benchToken({ user: a })}` });
    for (const [i, a] of agents.entries()) {
      const queues = [QUEUES[i % 10], QUEUES[(i + 3) % 10], QUEUES[(i + 7) % 10]];
      await fetch(`${url}/api/v1/agents/me`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...tokens.get(a)! },
        body: JSON.stringify({ queues, skills: i % 2 ? ['nl'] : [], capacity: 100 }),
      });
    }
    console.log(
      `  seeded                    ${QUEUED + ROUTE_CASES} queued items in ${((performance.now() - t2) / 1000).toFixed(1)} s, ${AGENTS} agents of 3 queues each`,
    );
    const taken = new Set<string>();
    let twice = 0;
    const take = async (a: string, latencies: number[]) => {
      const s = performance.now();
      const r = await fetch(`${url}/api/v1/agents/me/take-next`, { method: 'POST', headers: tokens.get(a)! });
      latencies.push(performance.now() - s);
      if (r.status !== 200) return void (await r.arrayBuffer());
      const { caseId } = (await r.json()) as { caseId: string };
      if (taken.has(caseId)) twice++;
      taken.add(caseId);
    };
    const finishAll = () =>
      pool.query(`UPDATE "${schema}".work_items SET state = 'done' WHERE state = 'assigned'`);
    // a. Bursts: all 50 agents press "take next" at the same moment, 20 times over (each finishes
    //    their item between bursts). This is "50 agents calling take next concurrently".
    const burst: number[] = [];
    for (let round = 0; round < 20; round++) {
      await Promise.all(agents.map((a) => take(a, burst)));
      await finishAll();
    }
    console.log(
      `  take next, 50 at once     p50 ${ms(pct(burst, 50))}   p95 ${ms(pct(burst, 95))}   p99 ${ms(pct(burst, 99))}   (20 bursts of ${AGENTS} simultaneous calls over HTTP)`,
    );
    // The floor of the machine for the same burst: 50 simultaneous calls of an endpoint that does nothing.
    const floor: number[] = [];
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        agents.map(async () => {
          const s0 = performance.now();
          await (await fetch(`${url}/health/live`)).arrayBuffer();
          floor.push(performance.now() - s0);
        }),
      );
    }
    console.log(
      `  HTTP floor, 50 at once    p50 ${ms(pct(floor, 50))}   p95 ${ms(pct(floor, 95))}   (GET /health/live, the same bursts: what HTTP alone costs here)`,
    );
    // b. Saturation: every agent calls again the moment an answer comes, for BENCH_SECONDS.
    const closed: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      agents.map(async (a) => {
        let held = 0;
        while (Date.now() < deadline) {
          await take(a, closed);
          if (++held >= 90) {
            await pool.query(
              `UPDATE "${schema}".work_items SET state = 'done' WHERE assignee = $1 AND state = 'assigned'`,
              [a],
            );
            held = 0;
          }
        }
      }),
    );
    console.log(
      `  take next, saturated      ${(closed.length / SECONDS).toFixed(0)} calls/s   p50 ${ms(pct(closed, 50))}   p95 ${ms(pct(closed, 95))}   (${AGENTS} agents calling back to back for ${SECONDS} s)`,
    );
    console.log(`  items given to two agents ${twice} (of ${taken.size} taken)`);

    // c. The raw ceiling in the same run: the same transaction (lock the agent, pick and assign in
    //    one statement, an outbox row, commit) straight from Node with pg, 50 at once, no HTTP.
    await finishAll();
    const raw = new Pool({ connectionString: DB, max: AGENTS });
    const t = `"${schema}".work_items`;
    const rawTake = async (agent: string, out: number[]) => {
      const c = await raw.connect();
      const s0 = performance.now();
      try {
        await c.query('BEGIN');
        const a = (
          await c.query(
            `SELECT queues, skills, capacity FROM "${schema}".agents WHERE tenant_id = 'default' AND id = $1 FOR UPDATE`,
            [agent],
          )
        ).rows[0];
        const r = await c.query(
          `WITH holding AS (SELECT count(*) AS n FROM ${t} WHERE worked_by = 'default' AND assignee = $4 AND state = 'assigned'),
                heads AS (SELECT h.case_id, h.priority, h.resolution_due_at, h.received_at FROM unnest($1::text[]) AS q(queue) CROSS JOIN LATERAL (
                  SELECT w.case_id, w.priority, w.resolution_due_at, w.received_at FROM ${t} w WHERE w.worked_by = 'default' AND w.queue = q.queue AND w.state = 'queued' AND w.skills <@ $2::text[]
                   ORDER BY w.priority, w.resolution_due_at, w.received_at LIMIT 8) h),
                pick AS (SELECT w.case_id FROM ${t} w JOIN heads USING (case_id) WHERE w.state = 'queued' AND (SELECT n FROM holding) < $3
                          ORDER BY heads.priority, heads.resolution_due_at, heads.received_at FOR UPDATE OF w SKIP LOCKED LIMIT 1)
           UPDATE ${t} w SET state = 'assigned', assignee = $4, assigned_at = now(), version = w.version + 1 FROM pick WHERE w.case_id = pick.case_id RETURNING w.case_id`,
          [a.queues, a.skills, a.capacity, agent],
        );
        await c.query(
          `INSERT INTO "${schema}".outbox (topic, message_key, event) VALUES ('bench', $1, '{}')`,
          [r.rows[0]?.case_id ?? null],
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      out.push(performance.now() - s0);
    };
    const rawBurst: number[] = [];
    for (let round = 0; round < 20; round++) {
      await Promise.all(agents.map((a) => rawTake(a, rawBurst)));
      await finishAll();
    }
    await raw.end();
    console.log(
      `  raw pg, same transaction  p50 ${ms(pct(rawBurst, 50))}   p95 ${ms(pct(rawBurst, 95))}   (20 bursts of ${AGENTS} at once, no HTTP): the service is ${(pct(burst, 95) / pct(rawBurst, 95)).toFixed(1)}x its p95`,
    );
  } finally {
    await stop(app);
    await cleanUp(pool, prefix, BROKERS, schema);
  }
}

runBench(main);
