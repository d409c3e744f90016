// npm run bench:console: the staff console as its users feel it, on loopback.
//  1. Its weight: the compressed JavaScript a screen loads before it shows (the entry and its
//     imports, and the screen's own lazy chunk and its imports, from Vite's manifest), gzip and
//     brotli, for an agent's first screen, a call page and the display, beside all of it.
//  2. Time to first render: a fresh browser context opening the public waiting-room display, and a
//     signed-in agent reloading "My work", each until its heading is on screen (the page's own clock
//     from navigation start), and the first contentful paint.
//  3. Screen-pop latency: signed telephony webhooks for a caller the record knows, from the POST to
//     the call page in Chromium and to the caller's name on it (each call another caller, so each
//     record is read fresh); in the same run, the same events as
//     the case-service's SSE stream delivers them to a plain client, and the raw floor (one message
//     produced with acks=all and consumed on the same broker).
// The four services run from source (as the end-to-end tests start them), Keycloak and Kafka from
// tools/infra, Debian's Chromium. Settings: BENCH_LOADS (10), BENCH_CALLS (50), BENCH_CALL_GAP_MS (400).
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AgentScreenPop } from '@city/contracts';
import { asUser, EventStream, uniquePrefix } from '@city/platform-testing';
import { caseOf, ringAgent, ROOT, signIn, startConsoleSystem, webRequest } from '@city/platform-testing/web';
import { ms, pct, rawKafkaRoundTrips, runBench, screenWeights } from './bench-kit';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const GAP = Number(process.env.BENCH_CALL_GAP_MS ?? 400);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DIST = join(ROOT, 'dist/apps/console');

const line = (label: string, xs: number[]) =>
  `  ${label.padEnd(48)}p50 ${ms(pct(xs, 50))}   p95 ${ms(pct(xs, 95))}   max ${ms(Math.max(...xs))}   (n=${xs.length})`;

const weight = () =>
  screenWeights(DIST, 'the console', 350, [
    ["an agent's first screen (My work)", 'src/features/my-work/MyWorkPage.tsx'],
    ['a call page', 'src/features/screen-pop/CallPage.tsx'],
    ['the waiting-room display', 'src/features/waiting-room/DisplayPage.tsx'],
  ]);

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
    // Each call from another citizen the record knows, so each pop reads a record the page has not seen.
    const callers = await Promise.all(
      Array.from({ length: CALLS }, async (_, i) => {
        const phone = `+3161${String(1_000_000 + i * 7919 + Math.floor(Math.random() * 7000)).slice(0, 7)}`;
        const reference = await webRequest(system, {
          serviceCode: 'missed-bin',
          attributes: { 'bin-type': 'general', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
          location: { address: `Coolsingel ${i + 1}` },
          contact: {
            firstName: 'Caller',
            lastName: `Number${i}`,
            email: `${randomUUID()}@example.org`,
            phone,
          },
        });
        return { phone, reference, name: `Caller Number${i}` };
      }),
    );
    for (const c of callers) await caseOf(system, c.reference);
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
      const caller = callers[i];
      await ringAgent(system, 'agent-17', caller.phone, callId);
      await page.locator(`[data-call-id="${callId}"]`).waitFor();
      toPage.push(performance.now() - t0);
      await page
        .locator(`[data-call-id="${callId}"]`)
        .getByRole('heading', { name: caller.name, exact: true })
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
      `  screen-pops: ${CALLS} calls, one every ${GAP} ms, to agent-17, each from another caller the record knows`,
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
