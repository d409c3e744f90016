import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import { asUser } from '@city/platform-testing';
import {
  accessibilityProblems,
  ROOT,
  say,
  screenshot,
  startWebSystem,
  texts,
  tick,
  type ConsoleSystem,
} from '@city/platform-testing/web';

/** The portal's English texts with kiosk mode's own (apps/portal/src/features/kiosk/locales). */
const en = {
  ...texts('en', 'portal'),
  ...(JSON.parse(
    readFileSync(join(ROOT, 'apps/portal/src/features/kiosk/locales/en.json'), 'utf8'),
  ) as Record<string, unknown>),
};
const TOKEN = 'demo-kiosk-token-01';
const REFERENCE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/;

/**
 * Kiosk mode in a real Chromium across the real services: staff sign the kiosk in with its device
 * token; it goes offline, takes two requests and tells each citizen their reference at once; back
 * online it uploads them through the batch route, once; restarted without the network it starts
 * from its service worker (the citizen's portal has none) and still takes a request; the next
 * citizen finds nothing of the last one after a period without a touch; its set-up panel opens only
 * for the device token typed again; each screen's heading takes the focus; every control is big enough
 * for a finger, and axe-core finds no serious or critical problem on any of its screens.
 */
describe('kiosk mode (Chromium and the four services)', () => {
  let system: ConsoleSystem;
  let portal: string;
  beforeAll(async () => {
    system = await startWebSystem({ apps: ['portal'] });
    portal = system.urls.portal as string;
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  /** The kiosks whose network is down: the test's own fetch of /config.json fails for them as a browser's would. */
  const offline = new WeakSet<BrowserContext>();
  const setOffline = async (context: BrowserContext, down: boolean) => {
    if (down) offline.add(context);
    else offline.delete(context);
    await context.setOffline(down);
  };

  /** A kiosk's browser: a touch screen, with the portal's config as the test wants it. */
  const kioskBrowser = async (config: Record<string, unknown> = {}): Promise<BrowserContext> => {
    const context = await system.browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 1000 },
      hasTouch: true,
    });
    await context.route('**/config.json', async (route) => {
      if (offline.has(context)) return route.abort('internetdisconnected');
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), ...config } });
    });
    return context;
  };

  const signIn = async (page: Page) => {
    await page.goto(`${portal}/kiosk`);
    await page.waitForURL(/\/kiosk\/setup$/);
    await page.getByRole('heading', { name: say(en, 'kiosk.setup.title') }).waitFor();
    await page.getByLabel(say(en, 'kiosk.setup.token')).fill(TOKEN);
    await page.getByRole('button', { name: say(en, 'kiosk.setup.signIn') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor();
  };

  /** The text of the element that has the focus, if it is a heading of the first level (else its tag). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el?.tagName === 'H1' ? el.textContent : (el?.tagName ?? null);
    });

  /** Staff open the set-up panel from the link at the foot of the screen: first the token again. */
  const openStaffPanel = async (page: Page) => {
    await page.getByRole('link', { name: say(en, 'kiosk.staff') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.setup.staffTitle'), level: 1 }).waitFor();
    await page.getByLabel(say(en, 'kiosk.setup.token')).fill(TOKEN);
    await page.getByRole('button', { name: say(en, 'kiosk.setup.open') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.setup.this'), level: 1 }).waitFor();
  };

  /** A graffiti report, tapped through: the tile, two answers, the place, Send. */
  const reportGraffiti = async (page: Page, address: string) => {
    await page.getByRole('link', { name: /^Graffiti/ }).click();
    // Its heading says the service's code until its form is there (kept or fetched), then its name.
    await page.getByRole('heading', { name: 'Graffiti', level: 1, exact: true }).waitFor();
    // Each new screen's heading takes the focus, so that a screen reader says where the citizen is.
    expect(await focused(page)).toBe('Graffiti');
    await tick(page, 'No');
    await tick(page, 'A wall');
    await page.getByRole('textbox', { name: say(en, 'requestForm.address'), exact: true }).fill(address);
  };

  /** Every control on the screen is at least 44×44 CSS px (WCAG 2.5.5), as a finger needs. */
  const smallTargets = (page: Page) =>
    page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          // An input inside a label is drawn by its label (React Aria's radios and checkboxes).
          '.kiosk a, .kiosk button, .kiosk label.choice, .kiosk .kiosk-language, .kiosk input:not(label input), .kiosk textarea',
        ),
      ]
        .filter((el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(
          ({ el, box }) =>
            `${el.tagName} "${el.textContent?.trim().slice(0, 30)}" ${box.width}x${box.height}`,
        ),
    );

  /** Until the kiosk has kept the services list and a service's form for offline use (IndexedDB). */
  const offlineReady = async (page: Page, code: string) => {
    const kept = () =>
      page.evaluate(
        (keys) =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('city-kiosk-catalogue');
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('catalogue')) return resolve(false);
              const store = db.transaction('catalogue').objectStore('catalogue');
              const all = store.getAllKeys();
              all.onsuccess = () => resolve(keys.every((k) => all.result.includes(k)));
              all.onerror = () => resolve(false);
            };
          }),
        ['services:en', `definition:${code}`],
      );
    const deadline = Date.now() + 30_000;
    while (!(await kept())) {
      if (Date.now() > deadline) throw new Error(`the kiosk never kept ${code}'s form for offline use`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const graffitiReferences = async () => {
    const res = await fetch(`${system.cases.url}/api/v1/cases?service=graffiti&limit=100`, {
      headers: await asUser('agent-17'),
    });
    if (!res.ok) throw new Error(`case search: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { cases: Array<{ reference: string }> }).cases
      .map((c) => c.reference)
      .sort();
  };

  it('signed in by staff, offline it takes two requests with their references at once, and uploads them once', async () => {
    const context = await kioskBrowser();
    const page = await context.newPage();
    /** What the kiosk sent through the batch route: each item's key. */
    const batched: string[] = [];
    const live: Request[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'POST') return;
      if (r.url().endsWith('/svc/gateway/api/v1/kiosk/batches'))
        batched.push(
          ...(r.postDataJSON() as { items: Array<{ idempotencyKey: string }> }).items.map(
            (i) => i.idempotencyKey,
          ),
        );
      if (r.url().endsWith('/svc/gateway/api/v1/kiosk/requests')) live.push(r);
    });

    // Without a device token the kiosk shows its set-up; a wrong token is refused there.
    await page.goto(`${portal}/kiosk`);
    await page.waitForURL(/\/kiosk\/setup$/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel(say(en, 'kiosk.setup.token')).fill('not-a-token');
    await page.getByRole('button', { name: say(en, 'kiosk.setup.signIn') }).click();
    await page.getByText(say(en, 'kiosk.setup.tokenRefused')).waitFor();
    await signIn(page);
    // Kept on the device: who the gateway says the token is (the references are derived from it).
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('kiosk.device') ?? '{}'));
    expect(kept).toMatchObject({
      deviceId: 'kiosk-town-hall-01',
      location: 'Town Hall foyer',
      tenantId: 'default',
    });
    await page.getByText('Town Hall foyer').first().waitFor();
    await page.getByRole('link', { name: /^Graffiti/ }).waitFor();
    await page.getByRole('link', { name: new RegExp(`^${say(en, 'kiosk.counter.tile')}`) }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await screenshot(page, 'kiosk-home');
    // The catalogue is fetched for offline use at start (every language, every form): let it get this far.
    await offlineReady(page, 'graffiti');

    // The network goes. Two citizens report graffiti; each is told their reference at once.
    await context.setOffline(true);
    await page.getByText(say(en, 'kiosk.offline')).waitFor();
    const references: string[] = [];
    for (const address of ['Coolsingel 40, Rotterdam', 'Witte de Withstraat 12, Rotterdam']) {
      await reportGraffiti(page, address);
      expect(await smallTargets(page)).toEqual([]);
      if (references.length === 0) expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByRole('button', { name: say(en, 'kiosk.report.submit') }).click();
      await page.getByRole('heading', { name: say(en, 'kiosk.report.thanks') }).waitFor();
      await page.getByText(say(en, 'kiosk.report.kept')).waitFor();
      expect(await focused(page)).toBe(say(en, 'kiosk.report.thanks'));
      const reference = (await page.locator('.kiosk-reference').textContent()) as string;
      expect(reference).toMatch(REFERENCE);
      references.push(reference);
      if (references.length === 1) {
        expect(await accessibilityProblems(page)).toEqual([]);
        await screenshot(page, 'kiosk-reference');
        // Printed, only the ticket: the reference, the service, when, where, and where to follow it.
        await page.emulateMedia({ media: 'print' });
        const ticket = page.locator('.print-ticket');
        expect(await ticket.isVisible()).toBe(true);
        expect(await page.locator('.kiosk').isVisible()).toBe(false);
        const printed = (await ticket.textContent()) as string;
        for (const part of [reference, 'Graffiti', 'Town Hall foyer', `${portal}/track/${reference}`])
          expect(printed).toContain(part);
        await page.emulateMedia({ media: 'screen' });
      }
      await page.getByRole('button', { name: say(en, 'kiosk.done') }).click();
      await page.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor();
      expect(await focused(page)).toBe(say(en, 'kiosk.home.title'));
    }
    expect(new Set(references).size).toBe(2);
    await page.getByText(say(en, 'kiosk.pending_other', { count: '2' })).waitFor();
    expect(batched).toEqual([]);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // The network is back: the two go up in one batch, and the case-service has exactly those two.
    await context.setOffline(false);
    await page.getByText(say(en, 'kiosk.online')).waitFor();
    await page.getByText(say(en, 'kiosk.pending_other', { count: '2' })).waitFor({ state: 'detached' });
    const deadline = Date.now() + 30_000;
    while ((await graffitiReferences()).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(await graffitiReferences()).toEqual([...references].sort());
    expect(batched).toHaveLength(2);
    expect(new Set(batched).size).toBe(2);

    // A passer-by following the "Staff" link finds only the token prompt: no "Send now", no counts,
    // no sign-out; another token does not open it.
    await page.reload();
    await page.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor();
    await page.getByRole('link', { name: say(en, 'kiosk.staff') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.setup.staffTitle'), level: 1 }).waitFor();
    expect(await focused(page)).toBe(say(en, 'kiosk.setup.staffTitle'));
    for (const hidden of ['kiosk.setup.sendNow', 'kiosk.setup.signOut', 'kiosk.setup.clearRejected'])
      expect(await page.getByRole('button', { name: say(en, hidden) }).count()).toBe(0);
    expect(await page.getByTestId('kiosk-pending').count()).toBe(0);
    await page.getByLabel(say(en, 'kiosk.setup.token')).fill('demo-kiosk-token-02');
    await page.getByRole('button', { name: say(en, 'kiosk.setup.open') }).click();
    await page.getByText(say(en, 'kiosk.setup.tokenWrong')).waitFor();
    expect(await page.getByRole('heading', { name: say(en, 'kiosk.setup.this') }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);

    // Staff type the kiosk's token, and press "Send now": nothing is sent again, nothing is recorded twice.
    await page.getByRole('link', { name: say(en, 'kiosk.back') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor();
    await openStaffPanel(page);
    expect(await page.getByTestId('kiosk-pending').textContent()).toBe('0');
    expect(await page.getByTestId('kiosk-rejected').textContent()).toBe('0');
    await page.getByRole('button', { name: say(en, 'kiosk.setup.sendNow') }).click();
    await page.getByText(say(en, 'kiosk.setup.sent_other', { count: '0' })).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(batched).toHaveLength(2);
    expect(live).toHaveLength(0);
    expect(await graffitiReferences()).toEqual([...references].sort());

    // A ticket for the counter at the Stadhuis (the kiosk's office in the portal's config).
    await page.getByRole('link', { name: say(en, 'kiosk.back') }).click();
    await page.getByRole('link', { name: new RegExp(`^${say(en, 'kiosk.counter.tile')}`) }).click();
    await page.getByRole('button', { name: say(en, 'kiosk.counter.take') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.counter.yourTicket') }).waitFor();
    const number = (await page.locator('.kiosk-reference').textContent()) as string;
    expect(number).toMatch(/^[A-Z]\d{3,}$/);
    await page
      .locator('.kiosk')
      .getByText(/Estimated wait: about \d+ minutes?\./)
      .waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-ticket').textContent()).toMatch(
      new RegExp(`${number}.*Estimated wait.*Stadhuis Coolsingel`),
    );
    await page.emulateMedia({ media: 'screen' });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('restarted without the network, it starts from its offline shell, takes a request with its reference, and uploads it once', async () => {
    const context = await kioskBrowser();
    /** What the kiosk sent through the batch route, from every page it had: each item's key. */
    const batched: string[] = [];
    const kioskPage = async () => {
      const p = await context.newPage();
      p.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/svc/gateway/api/v1/kiosk/batches'))
          batched.push(
            ...(r.postDataJSON() as { items: Array<{ idempotencyKey: string }> }).items.map(
              (i) => i.idempotencyKey,
            ),
          );
      });
      return p;
    };
    const home = (p: Page) => p.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor();
    const before = await graffitiReferences();
    let page = await kioskPage();
    await signIn(page);
    await offlineReady(page, 'graffiti');

    // The kiosk's service worker controls it, and has kept /config.json beside the app it precached.
    const shellReady = () =>
      page.evaluate(
        async () => !!navigator.serviceWorker.controller && !!(await caches.match('/config.json')),
      );
    const deadline = Date.now() + 30_000;
    while (!(await shellReady())) {
      if (Date.now() > deadline) throw new Error('the offline shell never took over the kiosk');
      await new Promise((r) => setTimeout(r, 250));
    }
    const kept = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys())
        for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
      return paths;
    });
    expect(kept).toEqual(expect.arrayContaining(['/index.html', '/config.json']));
    expect(kept.filter((p) => p.startsWith('/assets/KioskApp-'))).toHaveLength(2); // its script and style
    // Never a service's answer, nor the citizen's pages.
    expect(
      kept.filter((p) => p.startsWith('/svc/') || /FindServicePage|FollowPage|ReportPage/.test(p)),
    ).toEqual([]);

    // The citizen portal at / has no worker: only the kiosk's addresses are its scope.
    const citizen = await context.newPage();
    await citizen.goto(`${portal}/`);
    await citizen.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await citizen.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    expect(
      await citizen.evaluate(async () =>
        (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
      ),
    ).toEqual([`${portal}/kiosk`]);
    await citizen.close();

    // The portal's server answers 502 (a proxy while the portal is down), then not at all: the kiosk
    // starts from its shell all the same, the second time after its 4 s wait.
    const badGateway = (route: Route) =>
      route.request().serviceWorker()
        ? route.fulfill({ status: 502, body: 'Bad gateway' })
        : route.continue();
    await context.route(`${portal}/kiosk`, badGateway);
    let res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    expect(res?.status()).toBe(200);
    await home(page);
    await context.unroute(`${portal}/kiosk`, badGateway);
    const hanging: Route[] = [];
    const hang = (route: Route) => {
      if (!route.request().serviceWorker()) return route.continue();
      hanging.push(route); // never answered
    };
    await context.route(`${portal}/kiosk`, hang);
    const started = Date.now();
    res = await page.reload();
    await home(page);
    expect(hanging).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
    expect(res?.fromServiceWorker()).toBe(true);
    await context.unroute(`${portal}/kiosk`, hang);
    for (const r of hanging) await r.abort().catch(() => undefined);

    // The network goes, and the kiosk's browser reloads: its home, its place and its services still show.
    await setOffline(context, true);
    res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    await home(page);
    await page.getByText(say(en, 'kiosk.offline')).waitFor();
    await page.getByText('Town Hall foyer').first().waitFor();
    // The counter's tile comes from /config.json's kioskOffices: the copy the worker kept.
    await page.getByRole('link', { name: new RegExp(`^${say(en, 'kiosk.counter.tile')}`) }).waitFor();

    // A citizen reports graffiti and is told the reference at once.
    await reportGraffiti(page, 'Schiedamse Vest 95, Rotterdam');
    await page.getByRole('button', { name: say(en, 'kiosk.report.submit') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.report.thanks') }).waitFor();
    await page.getByText(say(en, 'kiosk.report.kept')).waitFor();
    const reference = (await page.locator('.kiosk-reference').textContent()) as string;
    expect(reference).toMatch(REFERENCE);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: say(en, 'kiosk.done') }).click();
    await home(page);

    // Power cut while still offline: the browser starts again at the kiosk's address, the request still kept.
    await page.close();
    page = await kioskPage();
    res = await page.goto(`${portal}/kiosk`);
    expect(res?.fromServiceWorker()).toBe(true);
    await home(page);
    await page.getByText(say(en, 'kiosk.pending_one', { count: '1' })).waitFor();
    await page.getByRole('link', { name: /^Graffiti/ }).waitFor();
    expect(batched).toEqual([]);

    // The network is back: it goes up once, and the case-service has it once.
    await setOffline(context, false);
    await page.getByText(say(en, 'kiosk.online')).waitFor();
    await page.getByText(say(en, 'kiosk.pending_one', { count: '1' })).waitFor({ state: 'detached' });
    const uploaded = Date.now() + 30_000;
    while ((await graffitiReferences()).length < before.length + 1 && Date.now() < uploaded)
      await new Promise((r) => setTimeout(r, 250));
    expect(await graffitiReferences()).toEqual([...before, reference].sort());
    expect(batched).toHaveLength(1);
    // Online again, a reload comes from the network and sends nothing twice.
    res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true); // through the worker, which fetched it
    await home(page);
    await new Promise((r) => setTimeout(r, 1500));
    expect(batched).toHaveLength(1);
    expect(await graffitiReferences()).toEqual([...before, reference].sort());
    await context.close();
  }, 180_000);

  it('after a while without a touch it warns, then clears everything of the last citizen and closes the staff panel', async () => {
    const context = await kioskBrowser({ kioskIdleSeconds: 18 });
    const page = await context.newPage();
    await signIn(page);
    await reportGraffiti(page, 'Coolsingel 40, Rotterdam');
    // The citizen reads on in Swedish.
    await page.locator('.kiosk-language', { hasText: 'Svenska' }).click();
    await page.getByRole('heading', { name: 'Klotter', level: 1 }).waitFor();

    // The warning, counting down; a tap keeps the session and what was typed.
    const warning = page.getByRole('alertdialog', { name: 'Är du kvar?' });
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.getByText(/börjar om om \d+ sekunder/).count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Jag är kvar' }).click();
    await warning.waitFor({ state: 'detached' });
    const sv = texts('sv', 'portal');
    expect(
      await page.getByRole('textbox', { name: say(sv, 'requestForm.address'), exact: true }).inputValue(),
    ).toBe('Coolsingel 40, Rotterdam');

    // Not touched again: back to the start in the kiosk's own language, the form empty when opened again.
    await page.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor({ timeout: 30_000 });
    expect(await warning.count()).toBe(0);
    await page.getByRole('link', { name: /^Graffiti/ }).click();
    await page.getByRole('heading', { name: 'Graffiti', level: 1 }).waitFor();
    expect(
      await page.getByRole('textbox', { name: say(en, 'requestForm.address'), exact: true }).inputValue(),
    ).toBe('');
    expect(await page.locator('label.choice[data-selected]').count()).toBe(0);

    // Staff open the set-up panel and walk away: the kiosk starts again, and the panel is closed.
    await page.getByRole('link', { name: say(en, 'kiosk.back') }).click();
    await openStaffPanel(page);
    await page.getByRole('heading', { name: say(en, 'kiosk.home.title') }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: say(en, 'kiosk.staff') }).click();
    await page.getByRole('heading', { name: say(en, 'kiosk.setup.staffTitle'), level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: say(en, 'kiosk.setup.sendNow') }).count()).toBe(0);
    await context.close();
  }, 120_000);
});
