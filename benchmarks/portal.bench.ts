// npm run bench:portal: the citizen portal as citizens feel it, on loopback.
//  1. Its weight: the compressed JavaScript a screen loads before it shows (Vite's manifest: the
//     entry and its imports, plus the screen's own lazy chunk and its imports), gzip and brotli.
//  2. Time to first render: a fresh browser context (nothing cached, as a citizen's first visit)
//     opening the front page and a request's follow page, each until its heading is on screen (the
//     page's own clock from navigation start), and the first contentful paint.
//  3. A Lighthouse performance and accessibility score for the front page and the report form, when
//     Lighthouse installs here (`npx lighthouse@13.5.0`, run on Debian's Chromium; BENCH_LIGHTHOUSE=0
//     skips it). It is not a dependency of the project: only this bench fetches it.
// The four services run from source (as the end-to-end tests start them), Kafka and Keycloak from
// tools/infra. Settings: BENCH_LOADS (10).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { caseOf, CHROMIUM, ROOT, startWebSystem, webRequest } from '@city/platform-testing/web';
import { ms, pct, runBench, screenWeights } from './bench-kit';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const LIGHTHOUSE = 'lighthouse@13.5.0';
const DIST = join(ROOT, 'dist/apps/portal');

const line = (label: string, xs: number[]) =>
  `  ${label.padEnd(48)}p50 ${ms(pct(xs, 50))}   p95 ${ms(pct(xs, 95))}   max ${ms(Math.max(...xs))}   (n=${xs.length})`;

const SCREENS: Array<[string, string | string[]]> = [
  ['the front page (find a service)', 'src/features/find-service/FindServicePage.tsx'],
  ['a report form', 'src/features/report/ReportPage.tsx'],
  ['following a request', 'src/features/follow/FollowPage.tsx'],
  ['my requests (signed in)', 'src/features/my-requests/MyRequestsPage.tsx'],
  ["a kiosk's home", ['src/features/kiosk/KioskApp.tsx', 'src/features/kiosk/HomeScreen.tsx']],
  ["a kiosk's form", ['src/features/kiosk/KioskApp.tsx', 'src/features/kiosk/ReportScreen.tsx']],
];

/** Lighthouse's scores (0-100) for one page, or why it did not run. */
function lighthouse(url: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'lh-')), 'report.json');
  try {
    execFileSync(
      'npx',
      [
        '--yes',
        LIGHTHOUSE,
        url,
        '--only-categories=performance,accessibility',
        '--output=json',
        `--output-path=${out}`,
        '--quiet',
        // Loopback: no simulated slow network, the machine as it is.
        '--throttling-method=provided',
        '--screenEmulation.disabled',
        '--form-factor=desktop',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ],
      {
        env: {
          ...process.env,
          CHROME_PATH: CHROMIUM,
          // Lighthouse needs Node 22.19 or later: the project's own Node first.
          PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 240_000,
      },
    );
    const r = JSON.parse(readFileSync(out, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
      audits: Record<string, { numericValue?: number }>;
    };
    const score = (c: string) => Math.round((r.categories[c]?.score ?? 0) * 100);
    const audit = (a: string) => ms(r.audits[a]?.numericValue ?? Number.NaN);
    return `performance ${score('performance')}, accessibility ${score('accessibility')} (FCP ${audit('first-contentful-paint')}, LCP ${audit('largest-contentful-paint')}, TBT ${audit('total-blocking-time')})`;
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return `did not run: ${(err.stderr?.toString() || err.message).split('\n').find((l) => l.trim()) ?? 'unknown'}`;
  }
}

async function main() {
  const system = await startWebSystem({ apps: ['portal'] }); // builds the portal (production) first
  const portal = system.urls.portal as string;
  const screens = SCREENS.filter(([, chunk]) => {
    const manifest = readFileSync(join(DIST, '.vite/manifest.json'), 'utf8');
    return [chunk].flat().every((c) => manifest.includes(`"${c}"`));
  });
  const out: string[] = ['portal bench', ...screenWeights(DIST, 'the portal', 200, screens)];
  try {
    const email = `bench-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'general', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Coolsingel 40' },
      contact: { firstName: 'Bench', email },
    });
    await caseOf(system, reference);

    const front: number[] = [];
    const frontPaint: number[] = [];
    const follow: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await system.browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(portal, { waitUntil: 'commit' });
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      front.push(await page.evaluate(() => performance.now()));
      frontPaint.push(
        await page.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ),
      );
      await context.close();

      const context2 = await system.browser.newContext({ locale: 'en-GB' });
      const page2 = await context2.newPage();
      await page2.goto(`${portal}/track/${reference}`, { waitUntil: 'commit' });
      await page2.getByRole('heading', { level: 1 }).first().waitFor();
      follow.push(await page2.evaluate(() => performance.now()));
      await context2.close();
    }
    out.push(
      '  time to first render, fresh browser context (nothing cached)',
      line('front page: heading on screen', front),
      line('front page: first contentful paint', frontPaint),
      line('follow page (a trackUrl): heading on screen', follow),
    );

    if (process.env.BENCH_LIGHTHOUSE !== '0' && existsSync(CHROMIUM)) {
      out.push(`  Lighthouse (${LIGHTHOUSE}, desktop, loopback without simulated throttling)`);
      out.push(`    front page:   ${lighthouse(`${portal}/`)}`);
      out.push(`    report form:  ${lighthouse(`${portal}/report/pothole`)}`);
    }
    console.log(out.join('\n'));
  } finally {
    await system.stop();
  }
}

runBench(main);
