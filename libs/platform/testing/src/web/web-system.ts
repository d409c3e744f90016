import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { createIdempotentProducer, EventPublisher, uniquePrefix } from '@city/platform-kafka';
import { freePort, startApp, type RunningApp } from '../app-process';
import { cleanupKafka, prepareKafka, testKafka } from '../catalogue-fixture';
import { asUser, type DemoUser } from '../keycloak-tokens';
import { MailSink } from '../message-sinks';
import { telephonyCallStarted } from '../telephony';

export const ROOT = resolve(__dirname, '../../../../..');
const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** Debian's Chromium (tools/infra installs it); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

/** The web apps, each on the address the identity provider has registered for it (demo/keycloak/city-realm.json). */
const WEB_APPS: Record<
  'console' | 'portal' | 'portal-other',
  {
    port: number;
    portVar: string;
    hostVar: string;
    source: 'console' | 'portal';
    env?: Record<string, string>;
  }
> = {
  console: { port: 4200, portVar: 'CONSOLE_PORT', hostVar: 'CONSOLE_HOST', source: 'console' },
  portal: { port: 4300, portVar: 'PORTAL_PORT', hostVar: 'PORTAL_HOST', source: 'portal' },
  /** The second demo city's portal (cities/other-city), the same build served as `npm run up` serves it. */
  'portal-other': {
    port: 4301,
    portVar: 'PORTAL_PORT',
    hostVar: 'PORTAL_HOST',
    source: 'portal',
    env: {
      CITY: 'other-city',
      CITY_NAME: 'Göteborg',
      CITY_LANGUAGES: 'sv,en',
      DEFAULT_COUNTRY: 'SE',
      KIOSK_OFFICES: '{"kiosk-stadsbiblioteket-01":"stadsbiblioteket"}',
    },
  },
};
export type WebApp = keyof typeof WEB_APPS;
/** The cities of a two-city system (`npm run up`'s): the demo city and cities/other-city. */
export const TWO_CITIES = 'default,other-city';
const configOf = (app: WebApp) => join(ROOT, `apps/${WEB_APPS[app].source}/vite.config.mts`);

export interface ConsoleSystem {
  /** The console as a browser reaches it. */
  url: string;
  /** Each web app started, as a browser reaches it. */
  urls: Partial<Record<WebApp, string>>;
  gateway: RunningApp;
  cases: RunningApp;
  workflow: RunningApp;
  notifications: RunningApp;
  /** Operations' read models (the live board, the reports), on the same topics as the others. */
  ops: RunningApp;
  mail: MailSink;
  browser: Browser;
  /** The services' topic prefix (KAFKA_TOPIC_PREFIX), for a test that writes to their topics itself. */
  prefix: string;
  /** Each service's schema, for a test that sets the record as time would have left it. */
  schemas: Record<'cases' | 'workflow' | 'notes' | 'ops', string>;
  /** Postgres, as the services reach it. */
  databaseUrl: string;
  stop(): Promise<void>;
}

const schemaName = (label: string) => `${label}_${randomUUID().slice(0, 8)}`;

/** Builds a web app (Vite; a couple of seconds) so the tests run what `npm run up` serves. */
/** The newest change to what a web app's build reads: its sources, the libraries, the build's own setup and the lock file. */
function newestInput(source: string): number {
  let newest = 0;
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const f of readdirSync(path)) if (f !== 'node_modules') walk(join(path, f));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of [`apps/${source}`, 'libs', 'tools/web', 'package-lock.json', 'tsconfig.base.json'])
    walk(join(ROOT, p));
  return newest;
}

/**
 * Builds a web app once for all the test files of a run, as `npm run up` serves it: again only when
 * something its build reads changed since (a stamp beside the build says when its inputs last did).
 * A build takes tens of seconds of both cores; every browser test file used to make its own.
 */
function buildApp(app: WebApp, built: Set<string>): void {
  const { source } = WEB_APPS[app];
  if (built.has(source)) return;
  built.add(source);
  const stamp = join(ROOT, 'dist/apps', source, '.inputs-at');
  const inputsAt = String(newestInput(source));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsAt) return;
  execFileSync(process.execPath, [VITE, 'build', '--config', configOf(app), '--logLevel', 'warn'], {
    cwd: ROOT,
    // A production build, whatever Jest set (a development React is slower and says so in the console).
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(stamp, inputsAt);
}

async function startPreview(app: WebApp, env: Record<string, string>): Promise<ChildProcess> {
  const { port, portVar, hostVar } = WEB_APPS[app];
  const child = spawn(process.execPath, [VITE, 'preview', '--config', configOf(app), '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, ...env, ...WEB_APPS[app].env, [portVar]: String(port), [hostVar]: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await fetch(`http://127.0.0.1:${port}/config.json`).catch(() => null);
    if (r?.ok) return child;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the ${app}'s preview server did not start on port ${port} (is it in use?)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The whole system a member of staff uses: the five services as their own processes on a topic
 * prefix and schemas of their own, a mail server that keeps what it is sent, the built console
 * behind Vite's preview server on :4200, and Debian's Chromium.
 */
export const startConsoleSystem = (o: { catalogueDir?: string; opsEnv?: Record<string, string> } = {}) =>
  startWebSystem({ ...o, apps: ['console'] });

export async function startWebSystem(o: {
  catalogueDir?: string;
  apps: WebApp[];
  /** More of the web apps' settings, as `npm run up` reads them (MAP_TILES_URL for the report form's map). */
  webEnv?: Record<string, string>;
  /** More of the ops-monitor's settings (PARITY_MIN_CASES, PARITY_MARGIN, LIVE_PUSH_INTERVAL_MS). */
  opsEnv?: Record<string, string>;
  /**
   * The services serve the demo's two cities (TWO_CITIES), as under `npm run up`, and each web app
   * names its city; so they do whenever the second city's portal is one of the apps.
   */
  twoCities?: boolean;
}): Promise<ConsoleSystem> {
  const twoCities = o.twoCities || o.apps.includes('portal-other');
  if (!/test/.test(new URL(DB).pathname)) throw new Error('the e2e database name must say test');
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: run tools/infra up (it installs Debian's chromium)`);
  const prefix = uniquePrefix('console');
  const schemas = {
    cases: schemaName('console_cases'),
    workflow: schemaName('console_wf'),
    notes: schemaName('console_nt'),
    ops: schemaName('console_ops'),
  };
  await prepareKafka(prefix, BROKERS);
  const common = {
    KAFKA_TOPIC_PREFIX: prefix,
    DEFAULT_COUNTRY: 'NL',
    ...(twoCities ? { CITIES: TWO_CITIES } : {}),
  };
  const mail = await new MailSink().start();
  // What has started, so a failure part-way stops it all again (no process outlives a failed start).
  const started: RunningApp[] = [];
  const track = async (app: Promise<RunningApp>) => {
    const a = await app;
    started.push(a);
    return a;
  };
  const previews: ChildProcess[] = [];
  try {
    // The case-service asks the workflow- and notification-services for a citizen's personal data:
    // their ports are chosen first, for it to know where they will be.
    const [workflowPort, notificationsPort] = [await freePort(), await freePort()];
    const cases = await track(
      startApp('case-service', 0, {
        ...common,
        DATABASE_URL: DB,
        DB_SCHEMA: schemas.cases,
        WORKFLOW_SERVICE_URL: `http://127.0.0.1:${workflowPort}`,
        NOTIFICATION_SERVICE_URL: `http://127.0.0.1:${notificationsPort}`,
      }),
    );
    const [gateway, workflow, notifications, ops] = await Promise.all([
      track(startApp('intake-gateway', 0, { ...common, CASE_SERVICE_URL: cases.url })),
      track(
        startApp('workflow-service', workflowPort, {
          ...common,
          DATABASE_URL: DB,
          DB_SCHEMA: schemas.workflow,
          QUEUE_PREFIX: `console-${schemas.workflow}`,
          ...(o.catalogueDir ? { CATALOGUE_DIR: o.catalogueDir } : {}),
        }),
      ),
      track(
        startApp('notification-service', notificationsPort, {
          ...common,
          DATABASE_URL: DB,
          DB_SCHEMA: schemas.notes,
          QUEUE_PREFIX: `console-${schemas.notes}`,
          CASE_SERVICE_URL: cases.url,
          SMTP_URL: mail.url,
          SMS_PROVIDER_URL: 'http://127.0.0.1:9',
        }),
      ),
      track(startApp('ops-monitor', 0, { ...common, DATABASE_URL: DB, DB_SCHEMA: schemas.ops, ...o.opsEnv })),
    ]);
    const built = new Set<string>();
    for (const app of o.apps) {
      buildApp(app, built);
      previews.push(
        await startPreview(app, {
          INTAKE_GATEWAY_URL: gateway.url,
          CASE_SERVICE_URL: cases.url,
          WORKFLOW_SERVICE_URL: workflow.url,
          NOTIFICATION_SERVICE_URL: notifications.url,
          OPS_MONITOR_URL: ops.url,
          DEFAULT_COUNTRY: 'NL',
          ...(twoCities ? { CITY: 'default' } : {}),
          ...o.webEnv,
        }),
      );
    }
    const urls = Object.fromEntries(o.apps.map((a) => [a, `http://127.0.0.1:${WEB_APPS[a].port}`]));
    return await withBrowser({
      gateway,
      cases,
      workflow,
      notifications,
      ops,
      mail,
      previews,
      urls,
      prefix,
      schemas,
    });
  } catch (e) {
    for (const p of previews) p.kill('SIGTERM');
    await Promise.allSettled(started.map((a) => a.stop()));
    await mail.stop();
    throw e;
  }
}

async function withBrowser(s: {
  gateway: RunningApp;
  cases: RunningApp;
  workflow: RunningApp;
  notifications: RunningApp;
  ops: RunningApp;
  mail: MailSink;
  previews: ChildProcess[];
  urls: Partial<Record<WebApp, string>>;
  prefix: string;
  schemas: Record<string, string>;
}): Promise<ConsoleSystem> {
  const { gateway, cases, workflow, notifications, ops, mail, previews, urls, prefix, schemas } = s;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // This machine's network is closed: Chromium's own background calls would only be refused.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    url: urls.console ?? urls.portal ?? '',
    urls,
    gateway,
    cases,
    workflow,
    notifications,
    ops,
    mail,
    browser,
    prefix,
    schemas,
    databaseUrl: DB,
    async stop() {
      await browser.close().catch(() => undefined);
      for (const p of previews) p.kill('SIGTERM');
      await Promise.all([gateway.stop(), cases.stop(), workflow.stop(), notifications.stop(), ops.stop()]);
      await mail.stop();
      await cleanupKafka(prefix, BROKERS);
      const db = new Client({ connectionString: DB });
      await db.connect();
      for (const s of Object.values(schemas)) await db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await db.end();
    },
  };
}

/** A member of staff in their own browser context (their own cookies and storage), signed in through Keycloak. */
export async function signIn(
  system: ConsoleSystem,
  user: string,
  path = '/',
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await system.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // CONSOLE_E2E_DEBUG=1 shows where the browser goes and what the page logs.
  if (process.env.CONSOLE_E2E_DEBUG) {
    page.on('framenavigated', (f) => console.log('navigated', f.url()));
    page.on('console', (m) => console.log('page says', m.text()));
  }
  await page.goto(`${system.url}${path}`);
  // The console sends the browser to the identity provider (code flow with PKCE) ...
  await page.waitForURL(/\/realms\/city\/protocol\/openid-connect\/auth/);
  await page.fill('#username', user);
  await page.fill('#password', `demo-${user}`);
  await page.click('#kc-login');
  // ... and the provider sends it back, signed in.
  await page.waitForURL((u) => u.origin === system.url && !u.search.includes('code='), { timeout: 20_000 });
  return { context, page };
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is: the serious and critical findings. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A screenshot for the docs (docs/screenshots/<name>.png), made by the test that walks the screen. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

/** The telephony switch puts a call through to an agent (the signed webhook the gateway checks). */
export async function ringAgent(
  system: ConsoleSystem,
  agentId: string,
  callerNumber: string,
  callId = `call-${randomUUID()}`,
) {
  const res = await telephonyCallStarted(system.gateway.url, {
    callId,
    callerNumber,
    agentId,
    queue: 'general',
  });
  if (res.status !== 202) throw new Error(`telephony webhook: ${res.status} ${await res.text()}`);
  return callId;
}

/**
 * A citizen's request on the web, as the portal sends it; the reference comes back at once. Signed
 * in as `citizen` (a demo citizen's token) for a service the city gives only to a known person.
 */
export async function webRequest(
  system: ConsoleSystem,
  body: Record<string, unknown>,
  citizen?: DemoUser,
): Promise<string> {
  const res = await fetch(`${system.gateway.url}/api/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(citizen ? await asUser(citizen) : {}) },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`web request: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { reference: string }).reference;
}

/**
 * Writes a message as it is (a value that need not be a valid event) to one of the system's topics
 * (`topic` as contracts name it; the system's prefix is added), e.g. to make a dead letter.
 */
export async function sendRaw(
  system: ConsoleSystem,
  topic: string,
  message: { key: string; value: string; headers?: Record<string, string> },
): Promise<void> {
  const publisher = new EventPublisher(
    createIdempotentProducer(testKafka(system.prefix, BROKERS, 'e2e-raw')),
    {
      maxBatch: 10,
      ackTimeoutMs: 10_000,
    },
  );
  try {
    await publisher.send({ topic: `${system.prefix}${topic}`, ...message });
  } finally {
    await publisher.close();
  }
}

/** Picks an option of a select (React Aria's: a button named by its value and label, then a listbox). */
export async function choose(
  page: Page,
  label: string,
  option: string | RegExp,
  within?: Locator,
): Promise<void> {
  await (within ?? page).getByRole('button', { name: new RegExp(`${label}$`) }).click();
  await page.getByRole('option', { name: option }).click();
}

/** Ticks a radio button or checkbox by its label, as a person clicks it (React Aria hides the input itself). */
export async function tick(page: Page, label: string): Promise<void> {
  await page
    .locator('label.choice')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

/**
 * Presses Tab until `target` has the focus, as a keyboard user reaches it, and checks the focus can
 * be seen (an outline or a ring); fails if it is never reached.
 */
export async function tabTo(page: Page, target: Locator, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    if (
      await target
        .evaluate((el) => el === document.activeElement || el.contains(document.activeElement))
        .catch(() => false)
    ) {
      const visible = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return false;
        const s = getComputedStyle(el);
        const label = el.closest('label');
        const ring = (x: CSSStyleDeclaration) =>
          (x.outlineStyle !== 'none' && x.outlineWidth !== '0px') || x.boxShadow !== 'none';
        return ring(s) || (!!label && ring(getComputedStyle(label)));
      });
      if (!visible) throw new Error(`the focus on ${String(target)} cannot be seen`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} was not reached by Tab in ${maxTabs} presses`);
}

export interface RecordedCase {
  case: {
    id: string;
    version: number;
    status: string;
    priority: number;
    /** The case's city, and the city that works it for that city (a shared service) or null. */
    city: string;
    workedBy: string | null;
  };
  citizen: { id: string } | null;
  interactions: Array<{ kind: string; channel: string }>;
  timeline: Array<{ kind: string; summary: string }>;
}

/** The case as an agent's API call sees it, once the case-service has recorded it. */
export async function caseOf(
  system: ConsoleSystem,
  reference: string,
  /** An agent of the case's city. */
  agent: DemoUser = 'agent-17',
): Promise<RecordedCase> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await fetch(`${system.cases.url}/api/v1/cases/${reference}`, {
      headers: await asUser(agent),
    });
    if (r.ok) return (await r.json()) as RecordedCase;
    if (Date.now() > deadline) throw new Error(`case ${reference} never recorded (${r.status})`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Waits until the workflow-service has routed the case to a queue (its work item exists). */
export async function routed(
  system: ConsoleSystem,
  caseId: string,
  agent: DemoUser = 'agent-17',
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await fetch(`${system.workflow.url}/api/v1/work-items/${caseId}`, {
      headers: await asUser(agent),
    });
    if (r.ok) return;
    if (Date.now() > deadline) throw new Error(`case ${caseId} never routed (${r.status})`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

type Texts = Record<string, unknown>;

/** A web app's texts in one language, as its message catalogues have them (en, nl, sv). */
export function texts(language: 'en' | 'nl' | 'sv', app: 'console' | 'portal' = 'console'): Texts {
  const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Texts;
  return {
    ...read(`apps/${app}/src/shared/i18n/locales/${language}.json`),
    ...read(`libs/web/kit/src/locales/${language}.json`),
    ...read(`libs/web/request-form/src/locales/${language}.json`),
  };
}

/** One text by its key (`case.title`), with its {{placeholders}} filled in. */
export function say(t: Texts, key: string, vars: Record<string, string> = {}): string {
  const raw = key.split('.').reduce<unknown>((o, k) => (o as Texts | undefined)?.[k], t);
  if (typeof raw !== 'string') throw new Error(`no text ${key}`);
  return raw.replace(/{{(\w+)}}/g, (_, v: string) => vars[v] ?? '');
}
