// npm run bench:console: the staff console as its users feel it, on loopback.
//  1. Its weight: the compressed JavaScript the first screen loads (index.html's script and its
//     preloads), gzip and brotli, beside all of the console's JavaScript.
//  2. Time to first render: a fresh browser context opening the public waiting-room display, and a
//     signed-in agent reloading "My work", each until its heading is on screen (the page's own clock
//     from navigation start), and the first contentful paint.
//  3. Screen-pop latency: signed telephony webhooks for a caller the record knows, from the POST to
//     the call page in Chromium and to the caller's name on it; in the same run, the same events as
//     the case-service's SSE stream delivers them to a plain client, and the raw floor (one message
//     produced with acks=all and consumed on the same broker).
// The four services run from source (as the end-to-end tests start them), Keycloak and Kafka from
// tools/infra, Debian's Chromium. Settings: BENCH_LOADS (10), BENCH_CALLS (50), BENCH_CALL_GAP_MS (400).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import type { AgentScreenPop } from '@city/contracts';
import { asUser, EventStream, uniquePrefix } from '@city/platform-testing';
import {
  caseOf,
  ringAgent,
  ROOT,
  signIn,
  startConsoleSystem,
  webRequest,
} from '../apps/console-e2e/src/console-system';
import { ms, pct, rawKafkaRoundTrips, runBench } from './bench-kit';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const GAP = Number(process.env.BENCH_CALL_GAP_MS ?? 400);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DIST = join(ROOT, 'dist/apps/console');

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const line = (label: string, xs: number[]) =>
  `  ${label.padEnd(44)}p50 ${ms(pct(xs, 50))}   p95 ${ms(pct(xs, 95))}   max ${ms(Math.max(...xs))}   (n=${xs.length})`;

/** The first screen's JavaScript: the entry script and what index.html preloads. */
function weight(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const all = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const size = (files: string[]) =>
    files.reduce(
      (s, f) => {
        const b = readFileSync(join(DIST, f));
        return {
          raw: s.raw + b.length,
          gzip: s.gzip + gzipSync(b, { level: 9 }).length,
          brotli:
            s.brotli + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        };
      },
      { raw: 0, gzip: 0, brotli: 0 },
    );
  const f = size(first);
  const a = size(all);
  return [
    `  first screen: ${first.length} script(s)              ${kb(f.raw)} raw   ${kb(f.gzip)} gzip   ${kb(f.brotli)} brotli   (aim: under 350 kB compressed)`,
    `  all of the console: ${all.length} scripts         ${kb(a.raw)} raw   ${kb(a.gzip)} gzip   ${kb(a.brotli)} brotli`,
  ];
}

async function main() {
  const system = await startConsoleSystem(); // builds the console (production) before serving it
  const out: string[] = ['console bench', ...weight()];
  try {
    // 2. First render.
    const display: number[] = [];
    const displayPaint: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await system.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${system.url}/display/town-hall`, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Stadhuis Coolsingel' }).waitFor();
      display.push(await page.evaluate(() => performance.now()));
      displayPaint.push(
        await page.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ),
      );
      await context.close();
    }
    const { page, context } = await signIn(system, 'agent-17', '/work');
    const work: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.reload({ waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'My work', exact: true }).waitFor();
      work.push(await page.evaluate(() => performance.now()));
    }
    out.push(
      line('display, fresh browser: heading on screen', display),
      line('display, fresh browser: first contentful paint', displayPaint),
      line('My work, signed in, reload: heading on screen', work),
    );

    // 3. Screen-pops to the browser, and the same events on a plain SSE client.
    const phone = `+3161${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'general', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Coolsingel 40' },
      contact: { firstName: 'Priya', lastName: 'Shah', email: `${randomUUID()}@example.org`, phone },
    });
    await caseOf(system, reference);
    await page.getByText('Phone line connected').waitFor();
    const sse = await EventStream.open(
      `${system.cases.url}/api/v1/agent/screen-pops`,
      await asUser('agent-17'),
    );
    await sse.waitFor('open');
    const toPage: number[] = [];
    const toRecord: number[] = [];
    const toSse: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const callId = `bench-${randomUUID()}`;
      const sentWall = Date.now();
      const t0 = performance.now();
      await ringAgent(system, 'agent-17', phone, callId);
      await page.locator(`[data-call-id="${callId}"]`).waitFor();
      toPage.push(performance.now() - t0);
      await page
        .locator(`[data-call-id="${callId}"]`)
        .getByRole('heading', { name: 'Priya Shah', exact: true })
        .waitFor();
      toRecord.push(performance.now() - t0);
      const e = await sse.waitFor('screen-pop', (x) => (x.data as AgentScreenPop).callId === callId);
      toSse.push(e.at - sentWall);
      await new Promise((r) => setTimeout(r, GAP));
    }
    sse.close();
    await context.close();
    const raw = await rawKafkaRoundTrips(uniquePrefix('benchraw'), BROKERS, CALLS, 1000 / GAP);
    out.push(
      `  screen-pops: ${CALLS} calls, one every ${GAP} ms, to agent-17 (a caller the record knows)`,
      line('webhook -> SSE event at a plain client', toSse),
      line('webhook -> call page in Chromium', toPage),
      line("webhook -> caller's name on the page", toRecord),
      line('raw Kafka: produce (acks=all) -> consumed', raw),
      `  (aim: p95 under 500 ms from the webhook to the browser)`,
    );
    console.log(out.join('\n'));
  } finally {
    await system.stop();
  }
}

runBench(main);
