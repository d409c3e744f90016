import { randomUUID } from 'node:crypto';
import {
  accessibilityProblems,
  caseOf,
  say,
  screenshot,
  startWebSystem,
  texts,
  tick,
  type ConsoleSystem,
} from '@city/platform-testing/web';

/**
 * The citizen portal in a real Chromium across the real services: a citizen reports a pothole in
 * Dutch, gets the email, and follows the request by its reference and their email.
 */
describe('the citizen portal (Chromium and the four services)', () => {
  let system: ConsoleSystem;
  beforeAll(async () => {
    system = await startWebSystem({ apps: ['portal'] });
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  it('a pothole reported in Dutch: the reference at once, the email in Dutch, and the request followed', async () => {
    const nl = texts('nl', 'portal');
    const portal = system.urls.portal as string;
    const context = await system.browser.newContext({
      locale: 'nl-NL',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(portal);
    await page.getByRole('heading', { name: say(nl, 'find.title') }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    // Found by a Dutch word for it.
    await page.getByRole('searchbox', { name: say(nl, 'find.search') }).fill('gat');
    await page.getByRole('link', { name: 'Gat in de weg' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-find-service');
    await page.getByRole('link', { name: 'Gat in de weg' }).click();
    await page.getByRole('heading', { name: 'Gat in de weg', level: 1 }).waitFor();

    // Sent without answers: refused at each field, nothing sent.
    await page.getByRole('button', { name: say(nl, 'report.submit') }).click();
    await page.getByText(say(nl, 'requestForm.reasons.required')).first().waitFor();
    await tick(page, 'Minder dan 5 cm');
    await tick(page, 'Op de rijbaan');
    await tick(page, 'Nee');
    await page
      .getByRole('textbox', { name: say(nl, 'requestForm.address'), exact: true })
      .fill('Coolsingel 40, Rotterdam');
    const email = `jan-${randomUUID().slice(0, 8)}@example.nl`;
    await page.getByRole('textbox', { name: say(nl, 'requestForm.firstName') }).fill('Jan');
    await page.getByRole('textbox', { name: say(nl, 'requestForm.email'), exact: true }).fill(email);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-report');
    await page.getByRole('button', { name: say(nl, 'report.submit') }).click();

    // The reference at once, and the confirmation in Dutch by email.
    await page.getByRole('heading', { name: say(nl, 'report.thanks') }).waitFor();
    const reference = (await page.locator('.reference').textContent()) as string;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
    const mail = await system.mail.waitFor((m) => m.to.includes(email) && m.text.includes(reference), 30_000);
    expect(mail.subject).toMatch(/Gat in de weg|melding|ontvangen/i);
    const recorded = await caseOf(system, reference);
    expect(recorded.case.status).toMatch(/received|open/);

    // Followed from the acknowledgement: its status and the messages sent about it.
    await page.getByRole('link', { name: say(nl, 'report.follow') }).click();
    await page.getByRole('heading', { name: say(nl, 'follow.request', { reference }) }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /Gat in de weg|open|ontvangen/i })
      .first()
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-follow');

    // Someone who only knows the reference, without the email given with it, sees nothing of it.
    await page.getByRole('textbox', { name: say(nl, 'follow.contact') }).fill('iemand@example.nl');
    await page.getByRole('button', { name: say(nl, 'follow.submit') }).click();
    await page.getByText(say(nl, 'errors.notFound')).waitFor();
    expect(await page.getByRole('heading', { name: say(nl, 'follow.request', { reference }) }).count()).toBe(
      0,
    );
    await context.close();
  }, 120_000);
});
