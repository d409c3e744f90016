import { randomUUID } from 'node:crypto';
import {
  accessibilityProblems,
  choose,
  say,
  texts,
  caseOf,
  screenshot,
  signIn,
  tabTo,
  startConsoleSystem,
  tick,
  webRequest,
  type ConsoleSystem,
} from '@city/platform-testing/web';

/**
 * The counter console and the waiting-room display in a real Chromium across the real services: a
 * clerk calls a ticket, the display shows the call, the clerk serves it and the case shows the visit.
 */
describe('the counter console and the waiting-room display', () => {
  let system: ConsoleSystem;
  beforeAll(async () => {
    system = await startConsoleSystem();
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  it('a clerk calls a ticket, the display shows the call, and the served visit lands on the case', async () => {
    // A citizen with a case already open comes to the town hall about it, and takes a ticket at the door.
    const email = `lena-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'recycling', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Witte de Withstraat 12' },
      contact: { firstName: 'Lena', lastName: 'Berg', email },
    });
    await caseOf(system, reference);
    const ticket = (await (
      await fetch(`${system.workflow.url}/api/v1/counters/town-hall/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({}),
      })
    ).json()) as { ticket: string };

    // The screen in the waiting room: no sign-in.
    const wall = await system.browser.newContext({ locale: 'en-GB', viewport: { width: 1600, height: 900 } });
    const display = await wall.newPage();
    await display.goto(`${system.url}/display/town-hall`);
    await display.getByRole('heading', { name: 'Stadhuis Coolsingel' }).waitFor();
    await display.getByText('No numbers called yet.').waitFor();

    const { page, context } = await signIn(system, 'clerk-9', '/counter');
    await page.getByRole('heading', { name: /Counter – Stadhuis Coolsingel/ }).waitFor();
    await page.getByRole('cell', { name: ticket.ticket }).waitFor();
    await page.getByRole('textbox', { name: 'My counter' }).fill('3');
    await page.getByRole('button', { name: 'Call next' }).click();
    // A first day at the counter: the clerk says which queues they serve, then calls.
    await page.getByText('You have no work profile yet').waitFor();
    await tick(page, 'counter-general');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Call next' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Serving ${ticket.ticket}` }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'counter-console');

    // The display shows the call without a reload, and says it for screen readers.
    await display.locator('.display-call.fresh', { hasText: ticket.ticket }).waitFor({ timeout: 10_000 });
    await display.getByText(`Number ${ticket.ticket}, please go to counter 3.`).waitFor();
    expect(await accessibilityProblems(display)).toEqual([]);
    await screenshot(display, 'waiting-room-display');

    // Served, about the citizen's case: the visit is on the case record.
    await page.getByRole('textbox', { name: 'The case this visit was about' }).fill(reference);
    await page.getByRole('button', { name: 'Served' }).click();
    await page.getByText(`${ticket.ticket} served.`).waitFor();
    const deadline = Date.now() + 20_000;
    for (;;) {
      const c = await caseOf(system, reference);
      if (c.interactions.some((i) => i.kind === 'counter-visit')) break;
      if (Date.now() > deadline) throw new Error('the counter visit never reached the case');
      await new Promise((r) => setTimeout(r, 300));
    }
    await page.goto(`${system.url}/cases/${reference}`);
    await page
      .getByText(/counter visit/)
      .first()
      .waitFor();

    // A clerk's sign-in shapes the screens: no live queues in the menu, and the screen says why.
    expect(await page.getByRole('link', { name: 'Live queues' }).count()).toBe(0);
    await page.goto(`${system.url}/supervisor`);
    await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // The clerk works in Swedish: chosen in the menu, kept for them.
    const sv = texts('sv');
    await choose(page, 'Language', 'Svenska');
    await page.goto(`${system.url}/cases/${reference}`);
    await page.getByRole('heading', { name: new RegExp(say(sv, 'case.title', { reference })) }).waitFor();
    await page.getByRole('heading', { name: say(sv, 'case.timeline') }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'counter-case-sv');
    await Promise.all([context.close(), wall.close()]);
  }, 120_000);
});
