import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import YAML from 'yaml';
import { asUser, moveCase, until, type DemoUser } from '@city/platform-testing';
import {
  accessibilityProblems,
  caseOf,
  choose,
  ROOT,
  routed,
  say,
  screenshot,
  signIn,
  startConsoleSystem,
  tabTo,
  texts,
  webRequest,
  type ConsoleSystem,
} from '@city/platform-testing/web';

interface LiveGroup {
  key: string;
  waiting: number;
  held: number;
  waitingForCitizen: number;
  atRisk: number;
  breached: number;
  resolvedLastHour: number;
}
interface LiveFigures {
  byQueue: LiveGroup[];
  byChannel: LiveGroup[];
}
interface Counter {
  office: string;
  queue: string;
  waiting: number;
  estimatedWaitMinutes: number;
}
interface Report {
  findings: Array<{
    serviceCode: string;
    channel: string;
    measure: string;
    channelValue: number;
    othersValue: number;
  }>;
}

/** The catalogue's name of bulky-waste in a language. */
const bulkyWasteName = (l: 'en' | 'sv'): string =>
  (
    YAML.parse(readFileSync(join(ROOT, 'catalogue/services/bulky-waste.yaml'), 'utf8')) as {
      name: Record<string, string>;
    }
  ).name[l];

/**
 * The operations screens in a real Chromium across the real services, the ops-monitor among them on
 * the same topics: a history made of real requests (bulky waste on the web and by phone, the phone's
 * reopened after their resolution), the live board that shows a new request without a reload, the
 * standard-of-service report that names the phone in a sentence, in English and Swedish, and its CSV.
 */
describe('the operations board and the standard-of-service report', () => {
  let system: ConsoleSystem;
  beforeAll(async () => {
    // Two requests a channel are enough to compare channels here (a city's default is five).
    system = await startConsoleSystem({ opsEnv: { PARITY_MIN_CASES: '2' } });
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  const bulkyWaste = (firstName: string) => ({
    serviceCode: 'bulky-waste',
    attributes: { items: ['sofa'], 'item-count': 1 },
    location: { address: `Coolsingel ${Math.floor(Math.random() * 900) + 10}` },
    contact: {
      firstName,
      lastName: 'Jansen',
      email: `${firstName.toLowerCase()}-${randomUUID().slice(0, 8)}@example.org`,
    },
  });

  const opsGet = async (path: string, user: DemoUser = 'ops-1') =>
    fetch(`${system.ops.url}${path}`, { headers: await asUser(user) });
  const opsJson = async <T>(path: string): Promise<T> => {
    const res = await opsGet(path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** The figures a row of a board table shows, by its column headings. */
  async function rowFigures(table: Locator, rowName: string): Promise<Record<string, string>> {
    const row = table.getByRole('row', { name: new RegExp(`^${rowName}\\b`) });
    await row.waitFor();
    const headings = await table.locator('thead th').allInnerTexts();
    const cells = [await row.locator('th').innerText(), ...(await row.locator('td').allInnerTexts())];
    return Object.fromEntries(headings.map((h, i) => [h.trim(), cells[i]?.trim() ?? '']));
  }

  const visibleTable = (page: Page) => page.getByRole('tabpanel').getByRole('table');

  it('ops-1 watches the live board, a new request shows without a reload, and reads the report in two languages', async () => {
    const en = texts('en');
    const sv = texts('sv');
    // ---- a history of real requests: two on the web resolved; two by phone resolved, then reopened.
    const web = [await webRequest(system, bulkyWaste('Eva')), await webRequest(system, bulkyWaste('Noor'))];
    const phone: string[] = [];
    for (const name of ['Sem', 'Lotte']) {
      const res = await fetch(`${system.gateway.url}/api/v1/phone/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asUser('agent-18')) },
        body: JSON.stringify({ ...bulkyWaste(name), callId: `call-${randomUUID().slice(0, 8)}` }),
      });
      expect(res.status).toBe(202);
      phone.push(((await res.json()) as { reference: string }).reference);
    }
    for (const reference of [...web, ...phone])
      await routed(system, (await caseOf(system, reference)).case.id);
    const setStatus = async (reference: string, status: string, reason: string) =>
      expect(await moveCase(system.cases.url, reference, { status, reason })).toBe(200);
    for (const reference of [...web, ...phone])
      await setStatus(reference, 'resolved', 'Collected on the next round.');
    for (const reference of phone) await setStatus(reference, 'open', 'The citizen says it is still there.');

    // The ops-monitor has folded it: the phone's reopenings are a finding, the reopened cases wait in their queue.
    // It folds each case's facts as they come, so on the way the report can show a part of the history (one
    // reopening of two: 50 %; the phone's resolutions before the web's): awaited whole, then checked exactly.
    const report = await until(
      'the report',
      () => opsJson<Report>('/api/v1/reports/standard-of-service'),
      (r) =>
        r.findings.length === 1 &&
        r.findings[0].channel === 'phone' &&
        r.findings[0].measure === 'reopen' &&
        r.findings[0].channelValue === 100,
      // The first fold waits for the ops-monitor's consumer group to join (slow on a broker just started).
      60_000,
    );
    expect(report.findings).toEqual([
      expect.objectContaining({
        serviceCode: 'bulky-waste',
        channel: 'phone',
        measure: 'reopen',
        channelValue: 100,
        othersValue: 0,
      }),
    ]);
    const figures = await until(
      'the live board',
      () => opsJson<LiveFigures>('/api/v1/live'),
      (f) =>
        f.byChannel.find((c) => c.key === 'phone')?.waiting === 2 && f.byQueue.some((q) => q.waiting === 2),
    );
    const queue = figures.byQueue.find((q) => q.waiting === 2)!;
    expect(queue).toBeDefined();

    // ---- agent-17 is at work (their console reports it) and two citizens take tickets at the town hall.
    const asAgent = { 'content-type': 'application/json', ...(await asUser('agent-17')) };
    const put = await fetch(`${system.workflow.url}/api/v1/agents/me`, {
      method: 'PUT',
      headers: asAgent,
      body: JSON.stringify({ queues: ['waste'], capacity: 5 }),
    });
    expect(put.status).toBe(200);
    const presence = await fetch(`${system.workflow.url}/api/v1/agents/me/presence`, {
      method: 'POST',
      headers: await asUser('agent-17'),
    });
    expect(presence.status).toBe(204);
    for (let i = 0; i < 2; i++)
      expect(
        (
          await fetch(`${system.workflow.url}/api/v1/counters/town-hall/tickets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ serviceCode: 'parking-permit' }),
          })
        ).status,
      ).toBe(201);
    const workforce = await until(
      'agent-17 and the tickets on the board',
      () => opsJson<LiveFigures & { signedIn: number; counters: Counter[] }>('/api/v1/live'),
      (f) =>
        f.signedIn >= 1 &&
        f.counters.some((c) => c.office === 'town-hall' && c.queue === 'counter-parking' && c.waiting === 2),
    );
    const parking = workforce.counters.find(
      (c) => c.office === 'town-hall' && c.queue === 'counter-parking',
    )!;

    // ---- ops-1 signs in at Keycloak and starts on the operations board.
    const { page, context } = await signIn(system, 'ops-1', '/');
    await page.getByRole('heading', { name: say(en, 'operations.title'), level: 1 }).waitFor();
    expect(page.url()).toBe(`${system.url}/operations`);
    expect(await page.title()).toBe(`${say(en, 'titles.operations')} – ${say(en, 'app.name')}`);
    await page.getByText(say(en, 'operations.stream.connected')).waitFor();
    // The queue's figures on screen are the service's.
    const table = visibleTable(page);
    await table.getByRole('row', { name: new RegExp(`^${queue.key}\\b`) }).waitFor();
    expect(await rowFigures(table, queue.key)).toMatchObject({
      [say(en, 'operations.groupColumn.byQueue')]: queue.key,
      [say(en, 'operations.col.waiting')]: String(queue.waiting),
      [say(en, 'operations.col.held')]: String(queue.held),
      [say(en, 'operations.col.waitingForCitizen')]: String(queue.waitingForCitizen),
      [say(en, 'operations.col.atRisk')]: String(queue.atRisk),
      [say(en, 'operations.col.breached')]: String(queue.breached),
      [say(en, 'operations.col.resolvedLastHour')]: String(queue.resolvedLastHour),
    });
    // The menu has the two screens; a request made now shows on the open board, no reload.
    await page.getByRole('link', { name: say(en, 'nav.reports') }).waitFor();
    expect(await page.getByRole('link', { name: say(en, 'nav.supervisor') }).count()).toBe(0);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await webRequest(system, bulkyWaste('Daan'));
    await until(
      'the new request on the board',
      async () => (await rowFigures(table, queue.key))[say(en, 'operations.col.waiting')],
      (w) => w === String(queue.waiting + 1),
    );
    expect(navigations).toEqual([]);
    // Who is at work, and the town hall's parking queue with the wait a ticket taken now would have.
    const agents = page.getByRole('table', { name: say(en, 'operations.agents') });
    expect(await rowFigures(agents, 'agent-17')).toMatchObject({
      [say(en, 'operations.signedIn')]: say(en, 'operations.yes'),
      [say(en, 'operations.capacity')]: '5',
    });
    const townHall = page.getByRole('table', { name: 'Stadhuis Coolsingel' });
    expect(await rowFigures(townHall, 'counter-parking')).toMatchObject({
      [say(en, 'operations.col.waiting')]: '2',
      [say(en, 'operations.counters.estimatedWait')]: say(en, 'operations.counters.minutes_other', {
        n: String(parking.estimatedWaitMinutes),
      }),
    });
    // The throughput chart says what it shows in words, and has its table.
    await page
      .locator('figcaption')
      .getByText(/^In the last 24 hours \d+ cases were opened and \d+ resolved; the busiest hour began at/)
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'ops-live-board');
    // Its table: the 24 hours, opened and resolved.
    await page.getByText(say(en, 'operations.chartAsTable')).click();
    const hours = page.getByRole('table', { name: say(en, 'operations.throughput.caption') });
    expect(await hours.locator('tbody tr').count()).toBe(24);
    expect(await accessibilityProblems(page)).toEqual([]);

    // By keyboard: to the tabs, then the arrow keys to the channels.
    await tabTo(page, page.getByRole('tab', { name: say(en, 'operations.grouping.byQueue') }));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: say(en, 'operations.grouping.byChannel'), selected: true }).waitFor();
    expect(await rowFigures(visibleTable(page), say(en, 'channels.phone'))).toMatchObject({
      [say(en, 'operations.col.waiting')]: '2',
    });

    // ---- the report: the period and the margin by keyboard, the findings, the CSV.
    await page.getByRole('link', { name: say(en, 'nav.reports') }).click();
    await page.getByRole('heading', { name: say(en, 'reports.title'), level: 1 }).waitFor();
    await page
      .getByRole('tab', { name: say(en, 'reports.tabs.standard-of-service'), selected: true })
      .waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const [y, m, d] = today.split('-');
    // From today (en-GB: day, month, year), typed into the date's fields.
    await tabTo(page, page.locator('.date-field').first().locator('[data-type="day"]'));
    await page.keyboard.type(`${d}${m}${y}`);
    await tabTo(page, page.getByRole('textbox', { name: say(en, 'reports.sos.margin') }));
    await page.keyboard.type('5');
    await tabTo(page, page.getByRole('button', { name: say(en, 'reports.show') }));
    await page.keyboard.press('Enter');
    const todayLong = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(today),
    );
    await page
      .getByRole('heading', { name: say(en, 'reports.sos.resultTitle', { from: todayLong, to: todayLong }) })
      .waitFor();
    await page.getByText(say(en, 'reports.sos.rules', { margin: '5', minCases: '2' })).waitFor();
    const findingIn = (t: typeof en, service: string) =>
      say(t, 'reports.sos.finding.reopen', {
        service,
        channel: say(t, 'reports.channelPhrase.phone'),
        mine: '100',
        others: '0',
      });
    await page.getByText(say(en, 'reports.sos.summarySome_one', { count: '1', margin: '5' })).waitFor();
    // The one finding, in a sentence, with the catalogue's name of the service.
    const findings = page.locator('ul.findings > li');
    await findings.filter({ hasText: findingIn(en, bulkyWasteName('en')) }).waitFor();
    expect(await findings.allInnerTexts()).toEqual([findingIn(en, bulkyWasteName('en'))]);
    // A table per service, a row per channel and the service on all channels; the phone's flagged.
    const perService = page.getByRole('table', { name: new RegExp(`^${bulkyWasteName('en')}`) });
    expect(await rowFigures(perService, say(en, 'channels.phone'))).toMatchObject({
      [say(en, 'reports.sos.col.volume')]: '2',
      [say(en, 'reports.sos.col.reopened')]: '100 %',
    });
    expect(await rowFigures(perService, say(en, 'reports.sos.allChannels'))).toMatchObject({
      [say(en, 'reports.sos.col.volume')]: '5',
    });
    // The chart says in words what it shows: only the web has a share within the service level yet
    // (the phone's resolutions were taken back when they were reopened).
    await page
      .locator('figcaption')
      .getByText(
        say(en, 'reports.sos.chart.summaryOne', {
          service: bulkyWasteName('en'),
          channel: say(en, 'channels.web'),
          value: '100',
        }),
      )
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'ops-standard-of-service');

    // The CSV, fetched with the person's token and saved: the service's own file, byte for byte.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: say(en, 'reports.downloadCsv') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`standard-of-service-${today}.csv`);
    const csv = await (
      await opsGet(`/api/v1/reports/standard-of-service?from=${today}&to=${today}&margin=5&format=csv`)
    ).text();
    expect(await readFile((await download.path())!, 'utf8')).toBe(csv);
    expect(csv).toMatch(/^service,lgsl_id,channel,volume,/);
    expect(csv).toContain('bulky-waste,');

    // ---- the other reports, a tab each: channel shift with a proposed shift, demand, process review, self-assessment.
    await page.getByRole('tab', { name: say(en, 'reports.tabs.channel-shift') }).click();
    await page.getByRole('textbox', { name: say(en, 'reports.shift.percent') }).fill('50');
    await page.getByRole('button', { name: say(en, 'reports.show') }).click();
    // Half of the two phone requests (one) to the web: 5.80 - 0.35 saved, of 3 x 0.35 + 2 x 5.80 (catalogue/operations/contact-costs.yaml).
    await page
      .getByText(
        say(en, 'reports.shift.saving', {
          percent: '50',
          from: say(en, 'channels.phone'),
          to: say(en, 'channels.web'),
          moved: '1',
          amount: '€5.45',
          share: '43.1',
        }),
      )
      .waitFor();
    expect(page.url()).toBe(`${system.url}/reports?report=channel-shift`);
    expect(await accessibilityProblems(page)).toEqual([]);
    // The same shift for bulky waste alone (every request here is one): the sentence names the service.
    await choose(page, say(en, 'reports.shift.service'), bulkyWasteName('en'));
    await page.getByRole('button', { name: say(en, 'reports.show') }).click();
    await page
      .getByText(
        say(en, 'reports.shift.saving_service', {
          percent: '50',
          service: bulkyWasteName('en'),
          from: say(en, 'channels.phone'),
          to: say(en, 'channels.web'),
          moved: '1',
          amount: '€5.45',
          share: '43.1',
        }),
      )
      .waitFor();
    await page.getByRole('tab', { name: say(en, 'reports.tabs.demand') }).click();
    const asked = page.getByRole('table', { name: say(en, 'reports.demand.whatAndHow') });
    expect(await rowFigures(asked, bulkyWasteName('en'))).toMatchObject({
      [say(en, 'reports.sos.col.volume')]: '5',
      [say(en, 'channels.web')]: '3',
      [say(en, 'channels.phone')]: '2',
    });
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: say(en, 'reports.tabs.process-review') }).click();
    const steps = page.getByRole('table', { name: bulkyWasteName('en') });
    await steps.getByRole('row', { name: new RegExp(`^${say(en, 'status.resolved')}\\b`) }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: say(en, 'reports.tabs.self-assessment') }).click();
    await page.getByText(/^Of \d+ services? on the national list: /).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: say(en, 'reports.tabs.standard-of-service') }).click();
    await findings.first().waitFor();

    // ---- in Swedish: the report's sentences in Swedish, then the board.
    await choose(page, say(en, 'nav.language'), 'Svenska');
    await page.getByRole('heading', { name: say(sv, 'reports.title'), level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await findings.filter({ hasText: findingIn(sv, bulkyWasteName('sv')) }).waitFor({ timeout: 10_000 });
    expect(await page.title()).toBe(
      `${say(sv, 'titles.reports', { report: say(sv, 'reports.tabs.standard-of-service') })} – ${say(sv, 'app.name')}`,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('link', { name: say(sv, 'nav.operations') }).click();
    await page.getByRole('heading', { name: say(sv, 'operations.title'), level: 1 }).waitFor();
    await page.getByRole('tab', { name: say(sv, 'operations.grouping.byChannel') }).click();
    await visibleTable(page)
      .getByRole('row', { name: new RegExp(`^${say(sv, 'channels.phone')}\\b`) })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('admin-1 records the city’s ambitions by keyboard; a wrong one is refused beside its field; the self-assessment measures against them', async () => {
    const en = texts('en');
    interface Ambition {
      lgslId: number | null;
      offerOnline: boolean | null;
      digitalTakeUpPercent: number | null;
      withinSlaPercent: number | null;
    }
    const recorded = async () =>
      (
        (await (await opsGet('/api/v1/self-assessment/ambitions', 'admin-1')).json()) as {
          ambitions: Ambition[];
        }
      ).ambitions;
    const before = await recorded();
    const { page, context } = await signIn(system, 'admin-1', '/');
    await page.getByRole('link', { name: say(en, 'nav.ambitions') }).click();
    await page.getByRole('heading', { name: say(en, 'ambitions.title'), level: 1 }).waitFor();
    expect(await page.title()).toBe(`${say(en, 'titles.ambitions')} – ${say(en, 'app.name')}`);
    // The form shows what is recorded: the city's row first, missed bins' (LGSL 524) own take-up.
    const city = say(en, 'ambitions.city');
    const cityTakeUp = page.getByRole('textbox', {
      name: say(en, 'ambitions.digitalTakeUpOf', { name: city }),
    });
    expect(await cityTakeUp.inputValue()).toBe(
      String(before.find((a) => a.lgslId === null)!.digitalTakeUpPercent),
    );
    const bins = page.getByRole('textbox', { name: /^524 .*: digital take-up, %$/ });
    expect(await bins.inputValue()).toBe(String(before.find((a) => a.lgslId === 524)!.digitalTakeUpPercent));
    expect(await accessibilityProblems(page)).toEqual([]);

    // A take-up of 150 % is refused, beside its field, and nothing is recorded.
    await tabTo(page, bins);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('150');
    await tabTo(page, page.getByRole('button', { name: say(en, 'ambitions.save') }));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    expect(await bins.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await recorded()).toEqual(before);

    // 80 % for missed bins, and the city's share within the service level at 92,5 % (a decimal comma).
    await tabTo(page, bins);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('80');
    const citySla = page.getByRole('textbox', { name: say(en, 'ambitions.withinSlaOf', { name: city }) });
    await tabTo(page, citySla);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('92,5');
    // Below every service's row: a Tab for each of their three fields.
    await tabTo(page, page.getByRole('textbox', { name: say(en, 'ambitions.reason') }), 250);
    await page.keyboard.type('Council decision 2026-41');
    await tabTo(page, page.getByRole('button', { name: say(en, 'ambitions.save') }));
    await page.keyboard.press('Enter');
    await page.getByText(say(en, 'ambitions.saved')).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-ambitions');
    const after = await recorded();
    expect(after.find((a) => a.lgslId === 524)?.digitalTakeUpPercent).toBe(80);
    expect(after.find((a) => a.lgslId === null)?.withinSlaPercent).toBe(92.5);
    // Nothing else moved.
    expect(after.filter((a) => a.lgslId !== 524 && a.lgslId !== null)).toEqual(
      before.filter((a) => a.lgslId !== 524 && a.lgslId !== null),
    );
    // The self-assessment measures against them.
    const assessment = (await (await opsGet('/api/v1/reports/self-assessment')).json()) as {
      rows: Array<{ lgslId: number; digitalTakeUp: { ambitionPercent: number | null } }>;
    };
    expect(assessment.rows.find((r) => r.lgslId === 524)?.digitalTakeUp.ambitionPercent).toBe(80);
    await context.close();
  }, 120_000);

  it('the menu shows the screens only to supervisors and operations, and the screens say so to others', async () => {
    const en = texts('en');
    expect((await opsGet('/api/v1/live', 'agent-17')).status).toBe(403);
    const { page, context } = await signIn(system, 'agent-17', '/work');
    await page.getByRole('link', { name: say(en, 'nav.work') }).waitFor();
    expect(await page.getByRole('link', { name: say(en, 'nav.operations') }).count()).toBe(0);
    expect(await page.getByRole('link', { name: say(en, 'nav.reports') }).count()).toBe(0);
    await page.goto(`${system.url}/operations`);
    await page.getByRole('heading', { name: say(en, 'auth.noAccessTitle') }).waitFor();
    await page.goto(`${system.url}/reports`);
    await page.getByRole('heading', { name: say(en, 'auth.noAccessTitle') }).waitFor();
    await context.close();
  }, 60_000);
});
