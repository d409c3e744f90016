// npm run bench:screen-pops: how long a call takes from the switch to the agent's screen. Signed
// telephony webhooks go to the real gateway (Kafka, acks=all), the case-service reads them, matches the
// caller's number against the record and pushes the pop to the agent's open event stream (SSE, read
// here as the console reads it). Each call's latency is from the webhook's POST to the event's arrival.
// Beside it, in the same run, the raw floor: one message produced (idempotent, acks=all) and consumed
// by a group already listening, on the same broker. Needs `tools/infra up`. Settings: BENCH_CALLS (300),
// BENCH_CALL_RATE (20 calls/s).
import { createHmac, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { AgentScreenPop } from '@city/contracts';
import { EventStream, prepareKafka, uniquePrefix } from '@city/platform-testing';
import {
  benchToken,
  cleanUp,
  ms,
  pct,
  rawKafkaRoundTrips,
  runBench,
  startGatewayAndCases,
  stop,
} from './bench-kit';

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const RATE = Number(process.env.BENCH_CALL_RATE ?? 20);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const GATEWAY_PORT = 3296;
const CASES_PORT = 3297;
const SECRET = 'demo-telephony-secret';

const line = (label: string, xs: number[], note = '') =>
  `  ${label.padEnd(30)}p50 ${ms(pct(xs, 50))}   p95 ${ms(pct(xs, 95))}   p99 ${ms(pct(xs, 99))}   max ${ms(Math.max(...xs))}${note}`;

async function main() {
  const prefix = uniquePrefix('benchpop');
  const schema = `bench_pop_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: DB, max: 2 });
  await prepareKafka(prefix, BROKERS);
  const { gateway, cases, gw, cs } = await startGatewayAndCases({
    prefix,
    schema,
    databaseUrl: DB,
    gatewayPort: GATEWAY_PORT,
    casesPort: CASES_PORT,
  });
  try {
    // A citizen the record knows by their number.
    const phone = '+441632960123';
    const submitted = await fetch(`${gw}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        serviceCode: 'pothole',
        attributes: { depth: 'deep', 'road-type': 'junction', hazard: 'no' },
        location: { lat: 51.5, long: -0.12 },
        contact: { firstName: 'Priya', lastName: 'Shah', email: `${randomUUID()}@example.org`, phone },
      }),
    });
    const { reference } = (await submitted.json()) as { reference: string };
    const agents = ['agent-17', 'agent-18'];
    const tokens = Object.fromEntries(
      await Promise.all(agents.map(async (a) => [a, await benchToken({ user: a })])),
    );
    for (let i = 0; ; i++) {
      const r = await fetch(`${cs}/api/v1/cases/${reference}`, {
        headers: { authorization: `Bearer ${tokens['agent-17']}` },
      });
      await r.arrayBuffer();
      if (r.status === 200) break;
      if (i > 200) throw new Error('the case did not appear');
      await new Promise((res) => setTimeout(res, 100));
    }
    const streams = Object.fromEntries(
      await Promise.all(
        agents.map(async (a) => [
          a,
          await EventStream.open(`${cs}/api/v1/agent/screen-pops`, { authorization: `Bearer ${tokens[a]}` }),
        ]),
      ),
    ) as Record<string, EventStream>;
    await Promise.all(Object.values(streams).map((s) => s.waitFor('open')));

    const sentAt = new Map<string, number>();
    for (let i = 0; i < CALLS; i++) {
      const callId = `call-${randomUUID()}`;
      const body = JSON.stringify({
        event: 'call.started',
        callId,
        callerNumber: i % 2 === 0 ? phone : '+441632960999',
        agentId: agents[i % agents.length],
        queue: 'highways',
      });
      const at = Math.floor(Date.now() / 1000);
      sentAt.set(callId, performance.now());
      const res = await fetch(`${gw}/api/v1/phone/telephony/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telephony-timestamp': String(at),
          'x-telephony-signature': `sha256=${createHmac('sha256', SECRET).update(`${at}.${body}`).digest('hex')}`,
        },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 202) throw new Error(`the webhook answered ${res.status}`);
      await new Promise((r) => setTimeout(r, 1000 / RATE));
    }
    const deadline = Date.now() + 20_000;
    const popped = () => Object.values(streams).reduce((n, s) => n + s.of('screen-pop').length, 0);
    while (popped() < CALLS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const took: number[] = [];
    let wrongAgent = 0;
    let unmatched = 0;
    const origin = Date.now() - performance.now();
    for (const [agent, s] of Object.entries(streams))
      for (const e of s.of('screen-pop')) {
        const pop = e.data as AgentScreenPop;
        if (pop.agentId !== agent) wrongAgent++;
        if (pop.callerNumber === phone && !pop.caller) unmatched++;
        took.push(e.at - origin - (sentAt.get(pop.callId) ?? NaN));
      }
    for (const s of Object.values(streams)) s.close();
    const raw = await rawKafkaRoundTrips(prefix, BROKERS, CALLS, RATE);

    console.log(
      [
        `screen-pop bench: ${CALLS} signed call events at ${RATE}/s -> gateway -> Kafka -> case-service (number matched) -> the agent's SSE stream; 2 agents`,
        line('webhook to screen', took, `   (${took.length} of ${CALLS} arrived)`),
        line('raw Kafka, produce to consume', raw, '   (acks=all, one message a send, same rate)'),
        `  pops on another agent's screen ${wrongAgent}; known numbers without their citizen ${unmatched}`,
        `  aim                          p95 under 500 ms: ${pct(took, 95) < 500 ? 'met' : 'not met'}`,
      ].join('\n'),
    );
  } finally {
    await Promise.all([stop(gateway), stop(cases)]);
    await cleanUp(pool, prefix, BROKERS, schema);
  }
}

runBench(main);
