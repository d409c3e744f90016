import { randomUUID } from 'node:crypto';
import {
  accessibilityProblems,
  caseOf,
  routed,
  say,
  screenshot,
  signIn,
  startWebSystem,
  texts,
  tick,
  webRequest,
  type ConsoleSystem,
} from '@city/platform-testing/web';
import { asUser, until, type DemoUser } from '@city/platform-testing';
import type { LiveFigures } from '@city/contracts';

/**
 * Two cities side by side, as `npm run up` serves them (docs/multi-tenancy.md): the demo city and
 * Göteborg (cities/other-city), each with its own portal, catalogue, calendar and languages, on one
 * deployment. A citizen reports at Göteborg's portal in Swedish; the case is Göteborg's alone, routed
 * by its calendar, worked by its agent in the shared console and invisible to the other city's.
 * Real Chromium, the five services, Keycloak, Kafka, Postgres and Redis.
 */
describe('two cities on one deployment (Chromium and the five services)', () => {
  let system: ConsoleSystem;
  beforeAll(async () => {
    system = await startWebSystem({ apps: ['console', 'portal', 'portal-other'] });
  }, 240_000);
  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it("Göteborg's portal: Swedish and English only, its own catalogue, and a report that is Göteborg's case", async () => {
    const sv = texts('sv', 'portal');
    const portal = system.urls['portal-other'] as string;
    // A Dutch browser: Göteborg does not speak Dutch, so the portal speaks Göteborg's own language.
    const context = await system.browser.newContext({
      locale: 'nl-NL',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(portal);
    await page.getByRole('heading', { name: say(sv, 'find.title') }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.getByRole('button', { name: new RegExp(`${say(sv, 'nav.language')}$`) }).click();
    const offered = await page.getByRole('option').allTextContents();
    expect(offered.map((o) => o.trim()).sort()).toEqual(
      [say(sv, 'languages.sv'), say(sv, 'languages.en')].sort(),
    );
    await page.keyboard.press('Escape');

    // Its own catalogue, through its own front door (the portal's server names the city).
    const codes = await page.evaluate(async () => {
      const r = await fetch('/svc/gateway/api/v1/services');
      return ((await r.json()) as Array<{ code: string }>).map((s) => s.code).sort();
    });
    expect(codes).toEqual([
      'bulky-waste',
      'complaint',
      'graffiti',
      'litter',
      'parking-permit',
      'pothole',
      'street-lighting',
    ]);
    const ours = await (await fetch(`${system.urls.portal}/svc/gateway/api/v1/services`)).json();
    expect(ours.length).toBeGreaterThan(codes.length);

    // A pothole reported in Swedish: Göteborg promises 10 working days (the demo city 5).
    await page.getByRole('searchbox', { name: say(sv, 'find.search') }).fill('potthål');
    await page.getByRole('link', { name: 'Potthål' }).click();
    await page.getByRole('heading', { name: 'Potthål', level: 1 }).waitFor();
    await page.getByText('Vi strävar efter att laga det inom 10 arbetsdagar.').waitFor();
    await screenshot(page, 'portal-second-city');
    await tick(page, '5 cm eller mer');
    await tick(page, 'På körbanan');
    await tick(page, 'Nej');
    await page
      .getByRole('textbox', { name: say(sv, 'requestForm.address'), exact: true })
      .fill('Götaplatsen 1, Göteborg');
    const email = `karin-${randomUUID().slice(0, 8)}@example.se`;
    await page.getByRole('textbox', { name: say(sv, 'requestForm.firstName') }).fill('Karin');
    await page.getByRole('textbox', { name: say(sv, 'requestForm.email'), exact: true }).fill(email);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: say(sv, 'report.submit') }).click();
    await page.getByRole('heading', { name: say(sv, 'report.thanks') }).waitFor();
    const reference = (await page.locator('.reference').textContent()) as string;

    // Göteborg's case: its agents see it, routed by Göteborg's calendar; the other city's do not.
    const recorded = await caseOf(system, reference, 'agent-other');
    await routed(system, recorded.case.id, 'agent-other');
    const theirs = await fetch(`${system.cases.url}/api/v1/cases/${reference}`, {
      headers: await asUser('agent-17'),
    });
    expect(theirs.status).toBe(404);
    const item = await (
      await fetch(`${system.workflow.url}/api/v1/work-items/${recorded.case.id}`, {
        headers: await asUser('agent-other'),
      })
    ).json();
    expect(item).toMatchObject({ service: 'pothole', queue: 'highways' });
    // Ten working days on Göteborg's calendar (8:00 to 16:30, Fridays to 15:00): at least two weeks.
    const due = new Date(item.dueAt.resolution).getTime() - new Date(item.receivedAt).getTime();
    expect(due).toBeGreaterThanOrEqual(13 * 86_400_000);

    // Followed at Göteborg's own portal: its acknowledgement links there.
    await page.getByRole('link', { name: say(sv, 'report.follow') }).click();
    await page.getByRole('heading', { name: say(sv, 'follow.request', { reference }) }).waitFor();
    expect(new URL(page.url()).port).toBe('4301');
    await context.close();

    // In the one console every city's staff use: Göteborg's agent opens it; the demo city's cannot.
    const other = await signIn(system, 'agent-other', `/cases/${reference}`);
    await other.page
      .getByRole('heading', { name: new RegExp(`Case ${reference}`) })
      .waitFor({ timeout: 20_000 });
    await other.context.close();
    const agent17 = await signIn(system, 'agent-17', `/cases/${reference}`);
    await agent17.page
      .getByText(say(texts('en'), 'errors.notFound'))
      .first()
      .waitFor();
    await agent17.context.close();
  }, 180_000);

  it("a shared service: Göteborg's graffiti is worked by the demo city's agent, stays Göteborg's case, and both cities count it", async () => {
    // Karin, signed in to Göteborg's portal, reports graffiti: Göteborg hands graffiti to the demo
    // city's cleansing team (cities/other-city/routing.yaml).
    const reference = await webRequest(
      system,
      {
        serviceCode: 'graffiti',
        attributes: { offensive: 'no', surface: 'wall' },
        location: { address: `Järntorget ${Math.floor(Math.random() * 90) + 10}, Göteborg` },
        language: 'en',
      },
      'karin',
    );
    const recorded = await caseOf(system, reference, 'agent-other');
    await routed(system, recorded.case.id, 'agent-17');
    const itemAs = async (user: DemoUser) =>
      fetch(`${system.workflow.url}/api/v1/work-items/${recorded.case.id}`, { headers: await asUser(user) });
    // In the demo city's queue for it, on Göteborg's calendar; Göteborg's agents do not hold its work.
    const item = await (await itemAs('agent-17')).json();
    expect(item).toMatchObject({ city: 'other-city', service: 'graffiti', queue: 'regional-graffiti' });
    expect((await itemAs('agent-other')).status).toBe(404);
    // Both cities' live boards show it waiting in that queue.
    const live = async (user: DemoUser) =>
      (await (
        await fetch(`${system.ops.url}/api/v1/live`, { headers: await asUser(user) })
      ).json()) as LiveFigures;
    const inQueue = (f: LiveFigures) => f.byQueue.find((g) => g.key === 'regional-graffiti');
    for (const supervisor of ['supervisor-1', 'supervisor-other'] as const)
      await until(
        `${supervisor}'s board`,
        () => live(supervisor),
        (f) => inQueue(f)?.waiting === 1,
      );

    // The demo city's agent takes it from the console, opens and resolves it.
    await fetch(`${system.workflow.url}/api/v1/agents/me`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await asUser('agent-17')) },
      body: JSON.stringify({ queues: ['regional-graffiti'], skills: [] }),
    });
    const { page, context } = await signIn(system, 'agent-17', '/work');
    await page.getByRole('button', { name: 'Take next' }).click();
    await page.waitForURL(/\/cases\//, { waitUntil: 'commit' });
    expect(decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '')).toBe(reference);
    await page.getByRole('heading', { name: new RegExp(`Case ${reference}`) }).waitFor();
    await page.getByText(/^Worked for Göteborgs Stad \(demo\)/).waitFor();
    // Karin's name, not a link: her record is Göteborg's, not the demo city's to open.
    await page.getByText('Karin Lindqvist').waitFor();
    expect(await page.getByRole('link', { name: 'Karin Lindqvist' }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-shared-case');
    await page.getByRole('button', { name: /New status$/ }).click();
    await page.getByRole('option', { name: 'Resolved' }).click();
    await page.getByRole('textbox', { name: 'Reason' }).first().fill('Cleaned by the regional team.');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Status changed.').waitFor();
    await context.close();

    // Göteborg's record: resolved, by whom and for whom on its timeline; Karin hears in Göteborg's words.
    const after = await caseOf(system, reference, 'agent-other');
    expect(after.case).toMatchObject({ status: 'resolved', city: 'other-city', workedBy: 'default' });
    expect(after.timeline.map((t) => t.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Routed to regional-graffiti of default/)]),
    );
    await system.mail.waitFor(
      (m) =>
        m.to.includes('karin@other-city.example') &&
        m.subject === `Fixed: Graffiti (${reference})` &&
        m.text.includes('City of Gothenburg'),
      20_000,
    );
    for (const supervisor of ['supervisor-1', 'supervisor-other'] as const)
      await until(
        `${supervisor}'s board`,
        () => live(supervisor),
        (f) => inQueue(f)?.resolvedLastHour === 1,
      );
  }, 180_000);

  it("each city's waiting-room display shows its own office's counters", async () => {
    const context = await system.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${system.url}/display/stadsbiblioteket?city=other-city&lang=sv`);
    await page.getByRole('heading', { name: 'Stadsbiblioteket Götaplatsen', level: 1 }).waitFor();
    // The demo city's office is not Göteborg's, and the other way round.
    await page.goto(`${system.url}/display/town-hall?city=other-city`);
    await page
      .getByText(say(texts('en'), 'errors.notFound'))
      .first()
      .waitFor();
    await page.goto(`${system.url}/display/town-hall`);
    await page.getByRole('heading', { name: 'Stadhuis Coolsingel', level: 1 }).waitFor();
    await context.close();
  }, 60_000);
});
