// npm run bench:intake: drives the web channel over HTTP on loopback with autocannon, and measures in
// the same run the raw rate at which the Kafka client alone produces the same messages with the same settings
// (idempotent, acks=all); then the phone channel with an agent signed in (a real token from the development
// Keycloak, checked on every request). Needs `tools/infra up`. Settings: BENCH_SECONDS (15), BENCH_CONNECTIONS (64),
// BENCH_PHONE_SECONDS (10); PRIVACY_MASTER_KEY set seals each request (a data key per request, written to
// the key topic first: docs/personal-data.md), as deployments do.
import { spawn, execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { allTopicSpecs, TOPICS } from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  deleteTopicsWithPrefix,
  ensureTopics,
  EventPublisher,
  messageCount,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { publishServices, repositoryCatalogue, roomyRateLimits, uniquePrefix } from '@city/platform-testing';
import { benchToken, processCpuMs } from './bench-kit';
import { rawProduce } from './ceilings';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PHONE_SECONDS = Number(process.env.BENCH_PHONE_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3199);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const body = JSON.stringify({
  serviceCode: 'pothole',
  description: 'Deep pothole by the bus stop, cyclists swerve round it.',
  attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'yes' },
  location: { lat: 51.5072, long: -0.1276, address: '10 Downing Street, London' },
  contact: { firstName: 'Anna', lastName: 'de Vries', email: 'anna@example.org', phone: '07700 900123' },
  language: 'nl',
});

/** The machine's CPU counters, to report how much time the hypervisor took (steal) during the run. */
function cpuTimes(): { total: number; steal: number; idle: number } {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return { total: v.reduce((a, b) => a + b, 0), steal: v[7] ?? 0, idle: v[3] + v[4] };
}

async function main() {
  const logger = createLogger('bench', 'error');
  const prefix = uniquePrefix('bench');
  const kafka = createKafka({ clientId: 'bench', brokers, topicPrefix: prefix }, logger);
  await ensureTopics(kafka, allTopicSpecs(prefix));
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 500,
    ackTimeoutMs: 10_000,
  });
  await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
  await publisher.close();

  if (!existsSync('dist/apps/intake-gateway/main.js'))
    execSync('npx nx run intake-gateway:build --outputStyle=static', {
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
  const gateway = spawn(
    'node',
    [...(process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/apps/intake-gateway/main.js'],
    {
      // One client sends everything: the limits are counted (their cost is in the figures) but never reached.
      env: {
        ...process.env,
        ...roomyRateLimits(),
        PORT: String(PORT),
        HOST: '127.0.0.1',
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    const r = await fetch(`${url}/health/ready`).catch(() => null);
    if (r?.status === 200) break;
    if (i > 300) throw new Error('gateway did not become ready');
    await new Promise((res) => setTimeout(res, 100));
  }

  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url: `${url}/api/v1/requests`,
      method: 'POST',
      connections: CONNECTIONS,
      duration,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body,
            headers: { ...req.headers, 'idempotency-key': `bench-${prefix}-${n++}` },
          }),
        },
      ],
    });
  const warmup = await run(3); // JIT, connections, producer
  const cpuBefore = processCpuMs(gateway.pid!);
  const machineBefore = cpuTimes();
  const result = await run(SECONDS);
  const gatewayCpuMs = processCpuMs(gateway.pid!) - cpuBefore;
  const machineAfter = cpuTimes();
  // The phone channel: an agent signed in (their token checked on every request), the same report.
  const agent = `Bearer ${await benchToken({ user: 'agent-17' })}`;
  let m = 0;
  const phoneCpuBefore = processCpuMs(gateway.pid!);
  const phone = await autocannon({
    url: `${url}/api/v1/phone/requests`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: PHONE_SECONDS,
    headers: { 'content-type': 'application/json', authorization: agent },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ ...JSON.parse(body), callId: `call-${prefix}-${m++}` }),
        }),
      },
    ],
  });
  const phoneCpuMs = processCpuMs(gateway.pid!) - phoneCpuBefore;
  if (phone.non2xx > 0) throw new Error(`${phone.non2xx} phone requests were refused`);
  const machineTotal = machineAfter.total - machineBefore.total;
  const stealPct = (100 * (machineAfter.steal - machineBefore.steal)) / machineTotal;
  const idlePct = (100 * (machineAfter.idle - machineBefore.idle)) / machineTotal;
  // Every 202 (warm-up included) must be a message on the topic, and nothing else may be there.
  const onTopic = await messageCount(kafka, prefix + TOPICS.intakeRequests);
  const allAccepted = warmup['2xx'] + result['2xx'] + phone['2xx'];
  gateway.kill('SIGTERM');
  await new Promise((r) => gateway.once('exit', r));

  const accepted = result['2xx'];
  const acceptedPerSec = accepted / SECONDS;
  // The raw ceilings of the client in the same run.
  const rawPerMessage = await rawProduce(
    kafka,
    prefix + TOPICS.intakeRequests,
    'per-message',
    SECONDS,
    CONNECTIONS,
  );
  const rawBatched = await rawProduce(kafka, prefix + TOPICS.intakeRequests, 'batched', SECONDS, CONNECTIONS);

  const lines = [
    `intake bench: web channel, POST /api/v1/requests, ${CONNECTIONS} connections, ${SECONDS} s, 1 broker, ${require('node:os').cpus().length} cores`,
    `  personal events             ${process.env.PRIVACY_MASTER_KEY ? 'sealed (PRIVACY_MASTER_KEY set: a data key per request)' : 'in the clear (PRIVACY_MASTER_KEY unset)'}`,
    `  accepted (202)              ${acceptedPerSec.toFixed(0)} req/s   (${accepted} accepted, ${result.non2xx} not, ${result.errors} errors, ${result.timeouts} timeouts)`,
    `  latency                     p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms`,
    `  gateway CPU per request     ${((gatewayCpuMs * 1000) / Math.max(1, result['2xx'])).toFixed(0)} µs (user+system of the gateway process; not distorted by steal)`,
    `  machine during the run      ${stealPct.toFixed(0)}% stolen by the hypervisor, ${idlePct.toFixed(0)}% idle`,
    `  phone channel, signed in    ${(phone['2xx'] / PHONE_SECONDS).toFixed(0)} req/s, p99 ${phone.latency.p99} ms, gateway CPU ${((phoneCpuMs * 1000) / Math.max(1, phone['2xx'])).toFixed(0)} µs per request (the agent's token checked on each; ${PHONE_SECONDS} s)`,
    // autocannon stops counting at the end of a run while up to one request per connection is still in
    // flight; those are accepted and on the topic, but not counted (three runs: warm-up, web, phone).
    // More than that would be a fault.
    `  on the topic                ${onTopic} messages for ${allAccepted} counted acceptances, warm-up included ` +
      `(${onTopic >= allAccepted && onTopic - allAccepted <= 3 * CONNECTIONS ? `consistent: ${onTopic - allAccepted} were in flight when the load stopped` : 'INCONSISTENT'})`,
    `  raw Kafka, per message      ${rawPerMessage.toFixed(0)} msg/s  (idempotent, acks=all, ${CONNECTIONS} concurrent sends of 1 message)`,
    `  raw Kafka, batched          ${rawBatched.toFixed(0)} msg/s  (idempotent, acks=all, 500 messages a request)`,
    `  ratio accepted / raw        ${(acceptedPerSec / rawPerMessage).toFixed(2)} of per-message, ${(acceptedPerSec / rawBatched).toFixed(2)} of batched`,
    `  aims                        >= 2000 req/s: ${acceptedPerSec >= 2000 ? 'met' : 'not met'}; p99 < 100 ms: ${result.latency.p99 < 100 ? 'met' : 'not met'}`,
  ];
  console.log(lines.join('\n'));
  await deleteTopicsWithPrefix(kafka, prefix);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
