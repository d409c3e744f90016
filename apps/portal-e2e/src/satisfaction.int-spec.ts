import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { asUser } from '@city/platform-testing';
import {
  accessibilityProblems,
  caseOf,
  say,
  screenshot,
  startWebSystem,
  tabTo,
  texts,
  webRequest,
  type ConsoleSystem,
} from '@city/platform-testing/web';

const en = texts('en', 'portal');
const option = (score: number) =>
  say(en, 'satisfaction.option', { score: String(score), words: say(en, `satisfaction.score.${score}`) });

interface StaffCase {
  case: { version: number; status: string };
  satisfaction: { score: number; via: string; answeredAt: string } | null;
  timeline: Array<{ kind: string; summary: string; channel: string | null }>;
}

/**
 * The satisfaction question after a resolution, in a real Chromium across the real services: an
 * agent resolves a missed bin, the citizen gets the question by email (the mail sink), opens its link
 * in the portal, answers by keyboard, and the agent's view of the case has the answer; the citizen
 * changes it on the request's own page by touch; a link the city did not send is refused. axe-core
 * finds no serious or critical violation on either page.
 */
describe('the satisfaction question in the portal (Chromium and the four services)', () => {
  let system: ConsoleSystem;
  let portal: string;
  beforeAll(async () => {
    system = await startWebSystem({ apps: ['portal'] });
    portal = system.urls.portal as string;
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  const staff = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${system.cases.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(await asUser('agent-17')), ...init.headers },
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<StaffCase>;
  };
  /** An agent resolves the case against the version they read (read again when the services moved it meanwhile). */
  const resolve = async (reference: string) => {
    for (let attempt = 0; ; attempt++) {
      const { case: c } = await staff(`/api/v1/cases/${reference}`);
      const res = await fetch(`${system.cases.url}/api/v1/cases/${reference}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asUser('agent-17')) },
        body: JSON.stringify({
          status: 'resolved',
          reason: 'Collected on Friday',
          expectedVersion: c.version,
        }),
      });
      if (res.ok) return;
      if (res.status !== 409 || attempt >= 10) throw new Error(`resolve: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const answerOf = async (reference: string, wanted: (s: StaffCase['satisfaction']) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const view = await staff(`/api/v1/cases/${reference}`);
      if (wanted(view.satisfaction)) return view;
      if (Date.now() > deadline)
        throw new Error(`the answer on the case is ${JSON.stringify(view.satisfaction)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const follow = async (page: Page, reference: string, email: string) => {
    await page.goto(`${portal}/track/${reference}`);
    await page.getByRole('textbox', { name: say(en, 'follow.contact') }).fill(email);
    await page.getByRole('button', { name: say(en, 'follow.submit') }).click();
    await page.getByRole('heading', { name: say(en, 'follow.request', { reference }) }).waitFor();
  };

  it('resolved: the question by email, its link opened in the portal and answered by keyboard, the answer on the case; changed on the request page by touch', async () => {
    const email = `sanne-${randomUUID().slice(0, 8)}@example.nl`;
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'recycling', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Witte de Withstraat 12' },
      contact: { firstName: 'Sanne', email },
      language: 'en',
      preferredChannel: 'email',
    });
    await caseOf(system, reference);
    await resolve(reference);

    // The question comes by email, once, with a link to the portal's page for it.
    const asked = await system.mail.waitFor(
      (m) => m.to.includes(email) && m.subject.startsWith('How did we do?') && m.subject.includes(reference),
      30_000,
    );
    expect(asked.text).toContain(`How satisfied are you with how we handled your request ${reference}`);
    const link = /https?:\/\/[^/\s]+(\/survey\/[^\s]+)/.exec(asked.text);
    expect(link).not.toBeNull();

    const context = await system.browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${portal}${link![1]}`);
    await page.getByRole('heading', { name: say(en, 'satisfaction.title'), level: 1 }).waitFor();
    const scale = page.getByRole('radiogroup', { name: say(en, 'satisfaction.question', { reference }) });
    await scale.waitFor();
    expect(await scale.getByRole('radio').count()).toBe(5);
    // Opening the link (as a mail scanner would) recorded nothing.
    expect((await staff(`/api/v1/cases/${reference}`)).satisfaction).toBeNull();
    expect(await accessibilityProblems(page)).toEqual([]);

    // By keyboard: Tab to the scale, the arrow keys to "4 – Satisfied", Tab to Send, Enter.
    await tabTo(page, scale.getByRole('radio', { name: option(1) }));
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await scale.getByRole('radio', { name: option(4) }).isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: say(en, 'satisfaction.send') }));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: say(en, 'satisfaction.thanks') })
      .waitFor();
    await screenshot(page, 'portal-satisfaction');

    const answered = await answerOf(reference, (s) => s?.score === 4);
    expect(answered.satisfaction).toMatchObject({ score: 4, via: 'email' });
    expect(answered.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'satisfaction-recorded',
        channel: 'email',
        summary: 'Satisfaction: 4 of 5 (satisfied), by the emailed link',
      }),
    );

    // On the request's own page (reference and email): the answer given, changed by a tap.
    await follow(page, reference, email);
    await page
      .locator('summary')
      .filter({ hasText: say(en, 'satisfaction.title') })
      .click();
    await page.getByText(/^You answered: Satisfied \(4 of 5\), on /).waitFor();
    await page
      .locator('label.choice')
      .filter({ hasText: option(5) })
      .click();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: say(en, 'satisfaction.change') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: say(en, 'satisfaction.thanks') })
      .waitFor();
    const changed = await answerOf(reference, (s) => s?.score === 5);
    expect(changed.satisfaction).toMatchObject({ score: 5, via: 'portal' });
    expect(changed.timeline.filter((t) => t.kind === 'satisfaction-recorded').map((t) => t.summary)).toEqual([
      'Satisfaction: 4 of 5 (satisfied), by the emailed link',
      'Satisfaction changed from 4 to 5 of 5 (very satisfied), in the portal',
    ]);

    // A link the city did not send (a changed signature) opens nothing.
    await page.goto(`${portal}/survey/${reference}.${'A'.repeat(24)}`);
    await page.getByText(say(en, 'satisfaction.notValid')).waitFor();
    expect(await page.getByRole('radiogroup').count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    // Still one question: a resolution asks once.
    expect(
      system.mail.mails.filter((m) => m.to.includes(email) && m.subject.startsWith('How did we do?')),
    ).toHaveLength(1);
    await context.close();
  }, 150_000);
});
