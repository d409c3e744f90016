import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { asUser, changeCase, moveCase, until } from '@city/platform-testing';
import {
  accessibilityProblems,
  caseOf,
  routed,
  say,
  screenshot,
  startWebSystem,
  tabTo,
  texts,
  tick,
  webRequest,
  type ConsoleSystem,
} from '@city/platform-testing/web';

/** A small but real PDF: the case-service decides a file's type by its content. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const en = texts('en', 'portal');

/**
 * What a citizen does with a request after sending it, in a real Chromium across the real services:
 * answer the city's request for a document (and see the case move on), follow an open report nearby
 * instead of reporting it again, reopen a resolved request, opt out of updates, see a duplicate's
 * original, and see all of one's own requests signed in.
 */
describe('a citizen acting on their requests in the portal (Chromium and the four services)', () => {
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
    return res.json() as Promise<Record<string, unknown>>;
  };
  const statusOf = async (reference: string) =>
    ((await staff(`/api/v1/cases/${reference}`)) as { case: { status: string; version: number } }).case;
  const follow = async (page: Page, reference: string, email: string) => {
    await page.goto(`${portal}/track/${reference}`);
    await page.getByRole('textbox', { name: say(en, 'follow.contact') }).fill(email);
    await page.getByRole('button', { name: say(en, 'follow.submit') }).click();
    await page.getByRole('heading', { name: say(en, 'follow.request', { reference }) }).waitFor();
  };
  const newPage = async (locale = 'en-GB') => {
    const context = await system.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    return { context, page: await context.newPage() };
  };

  it('answers a request for a document with a PDF: the case leaves its wait, is routed, and the agent has the file', async () => {
    // A permit is for a person the city knows: applied for signed in (Anna's token), her email the contact.
    const email = 'anna@example.org';
    const reference = await webRequest(
      system,
      {
        serviceCode: 'parking-permit',
        attributes: { 'permit-type': 'resident', 'vehicle-registration': 'AB-123-C' },
        location: { address: 'Coolsingel 40, Rotterdam' },
        contact: { firstName: 'Anna', email },
      },
      'anna',
    );
    // Accepted is not yet recorded: the case-service folds the request from the stream a moment later.
    await caseOf(system, reference);
    // The application's workflow asks for a proof of address and waits for it.
    await until(
      'the wait for a document',
      () => statusOf(reference),
      (c) => c.status === 'waiting-for-citizen',
    );

    const { context, page } = await newPage();
    await follow(page, reference, email);
    const asked = page.getByRole('region', { name: say(en, 'follow.asked') });
    await asked.waitFor();
    await asked
      .getByRole('textbox', { name: say(en, 'reply.message') })
      .fill('My council tax bill as proof.');
    await asked
      .getByLabel(say(en, 'reply.files', { count: '5' }))
      .setInputFiles({ name: 'council-tax.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-answer');
    await asked.getByRole('button', { name: say(en, 'reply.sendAnswer') }).click();
    await page.getByText('Sent, with 1 file. Thank you.').waitFor();

    // The case moves on: no longer waiting, in its queue for an agent, the document on the record.
    const moved = await until(
      'the case after the answer',
      () => statusOf(reference),
      (c) => c.status === 'open',
    );
    expect(moved.status).toBe('open');
    const recorded = await caseOf(system, reference);
    await routed(system, recorded.case.id);
    const view = (await staff(`/api/v1/cases/${reference}`)) as {
      documents: Array<{ id: string; name: string; contentType: string }>;
    };
    expect(view.documents).toEqual([
      expect.objectContaining({ name: 'council-tax.pdf', contentType: 'application/pdf' }),
    ]);
    const file = await fetch(
      `${system.cases.url}/api/v1/cases/${reference}/documents/${view.documents[0].id}`,
      {
        headers: await asUser('agent-17'),
      },
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    // The citizen sees their answer in the request's history, and the request no longer asks.
    await page.reload();
    await follow(page, reference, email);
    await page.getByRole('heading', { name: say(en, 'follow.history') }).waitFor();
    expect(await page.getByRole('region', { name: say(en, 'follow.asked') }).count()).toBe(0);
    await context.close();
  }, 120_000);

  it('already reported? an open pothole nearby is offered, and followed instead of reported again', async () => {
    const first = await webRequest(system, {
      serviceCode: 'pothole',
      attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
      location: { lat: 51.9225, long: 4.47917, address: 'Coolsingel 40, Rotterdam' },
      contact: { firstName: 'Kees', email: `kees-${randomUUID().slice(0, 8)}@example.nl` },
    });
    await caseOf(system, first);

    const { context, page } = await newPage();
    await page.goto(`${portal}/report/pothole`);
    await page.getByRole('heading', { name: 'Pothole', level: 1 }).waitFor();
    await tick(page, 'Less than 5 cm');
    await tick(page, 'In the road');
    await tick(page, 'No');
    await page.getByRole('textbox', { name: say(en, 'requestForm.lat') }).fill('51.92262');
    await page.getByRole('textbox', { name: say(en, 'requestForm.long') }).fill('4.47930');
    await page
      .getByRole('textbox', { name: say(en, 'requestForm.email'), exact: true })
      .fill('lars@example.org');
    await page.getByRole('button', { name: say(en, 'report.submit') }).click();

    const offered = page.getByRole('region', { name: say(en, 'nearby.title_one', { count: '1' }) });
    await offered.waitFor();
    await offered.getByText(first, { exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-already-reported');
    // Following sends the city's messages to an address: only a signed-in citizen's own (verified) one.
    await offered
      .getByRole('button', { name: say(en, 'nearby.signInToFollow', { reference: first }) })
      .click();
    await page.waitForURL(/\/realms\/city\/protocol\/openid-connect\/auth/);
    await page.fill('#username', 'lars');
    await page.fill('#password', 'demo-lars');
    await page.click('#kc-login');
    // Back where they were: the report held, the open one offered again, now to follow.
    await page.waitForURL((u) => u.href === `${portal}/report/pothole`, { timeout: 20_000 });
    await offered.waitFor();
    await offered.getByRole('button', { name: say(en, 'nearby.followThis', { reference: first }) }).click();
    await page.getByRole('heading', { name: say(en, 'nearby.following', { reference: first }) }).waitFor();

    // No second case; and when the first is dealt with, the follower hears of it too.
    const search = (await staff(`/api/v1/cases?email=${encodeURIComponent('lars@example.org')}`)) as {
      count?: number;
    };
    expect(search.count ?? 0).toBe(0);
    expect(await moveCase(system.cases.url, first, { status: 'resolved', reason: 'Filled in' })).toBe(200);
    const told = await system.mail.waitFor(
      (m) => m.to.includes('lars@example.org') && m.text.includes(first),
      30_000,
    );
    expect(told.to).toContain('lars@example.org');
    await context.close();
  }, 120_000);

  it('reopens a resolved request with a reason, and opts out of updates', async () => {
    const email = `noor-${randomUUID().slice(0, 8)}@example.nl`;
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'recycling', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Witte de Withstraat 12' },
      contact: { firstName: 'Noor', email },
    });
    await caseOf(system, reference);
    expect(
      await moveCase(system.cases.url, reference, { status: 'resolved', reason: 'Collected on Friday' }),
    ).toBe(200);

    const { context, page } = await newPage();
    await follow(page, reference, email);
    await page.getByText(say(en, 'reopen.title')).click();
    await page.getByRole('textbox', { name: say(en, 'reopen.reason') }).fill('The bin is still full.');
    await page.getByRole('button', { name: say(en, 'reopen.submit') }).click();
    await page.getByText(say(en, 'reopen.done')).waitFor();
    expect((await statusOf(reference)).status).toBe('open');

    // No more updates, please: kept on the citizen's record.
    await page.getByText(say(en, 'updates.title')).click();
    await page
      .locator('label.choice')
      .filter({ hasText: say(en, 'updates.consent') })
      .click();
    await page.getByRole('button', { name: say(en, 'updates.save') }).click();
    await page.getByText(say(en, 'updates.optedOut')).waitFor();
    const citizen = (await caseOf(system, reference)).citizen as { id: string };
    const record = (await staff(`/api/v1/citizens/${citizen.id}`)) as {
      citizen: { consentUpdates: boolean };
    };
    expect(record.citizen.consentUpdates).toBe(false);
    await context.close();
  }, 120_000);

  it('a duplicate shows its original: its status and expected date on the portal, and the same over Open311', async () => {
    const email = `ivo-${randomUUID().slice(0, 8)}@example.nl`;
    const original = await webRequest(system, {
      serviceCode: 'street-lighting',
      attributes: { fault: 'out' },
      location: { lat: 51.91, long: 4.46, address: 'Mauritsweg 1' },
      contact: { firstName: 'Ada', email: `ada-${randomUUID().slice(0, 8)}@example.nl` },
    });
    const duplicate = await webRequest(system, {
      serviceCode: 'street-lighting',
      attributes: { fault: 'out' },
      location: { lat: 51.915, long: 4.466, address: 'Mauritsweg 40' },
      contact: { firstName: 'Ivo', email },
    });
    await caseOf(system, original);
    await caseOf(system, duplicate);
    expect(
      await changeCase(system.cases.url, duplicate, 'links', { kind: 'duplicate-of', toReference: original }),
    ).toBe(201);

    const { context, page } = await newPage();
    await follow(page, duplicate, email);
    await page.getByText(new RegExp(`already reported as ${original}`)).waitFor();

    // The original's expected date, on the portal and over Open311.
    await page.getByText(/It is expected to be dealt with by/).waitFor();
    type Open311Request = { status: string; status_notes: string | null; expected_datetime: string | null };
    const read311 = async (ref: string) =>
      (
        (await (
          await fetch(`${system.gateway.url}/open311/v2/requests/${ref}.json`)
        ).json()) as Open311Request[]
      )[0];
    const [dup311, original311] = [await read311(duplicate), await read311(original)];
    expect(dup311.status).toBe('open');
    expect(dup311.status_notes).toContain(original);
    expect(original311.expected_datetime).toBeTruthy();
    expect(dup311.expected_datetime).toBe(original311.expected_datetime);
    await context.close();
  }, 120_000);

  it('a permit needs a signed-in citizen: asked to sign in, the form knows who they are, and "My requests" lists it', async () => {
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'general', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Witte de Withstraat 14' },
      contact: { firstName: 'Anna', email: 'anna@example.org' },
    });
    await caseOf(system, reference);
    const { context, page } = await newPage();
    // Anonymous, the permit's page asks to sign in and offers no form to send.
    await page.goto(`${portal}/report/parking-permit`);
    await page.getByText(say(en, 'report.signInFirst')).waitFor();
    expect(await page.getByRole('button', { name: say(en, 'report.submit') }).count()).toBe(0);
    await page
      .getByRole('main')
      .getByRole('button', { name: say(en, 'auth.signIn') })
      .click();
    await page.waitForURL(/\/realms\/city\/protocol\/openid-connect\/auth/);
    await page.fill('#username', 'anna');
    await page.fill('#password', 'demo-anna');
    await page.click('#kc-login');
    // Back on the permit's form, with who she is filled in.
    await page.waitForURL((u) => u.href === `${portal}/report/parking-permit`, { timeout: 20_000 });
    const email = page.getByRole('textbox', { name: say(en, 'requestForm.email'), exact: true });
    await email.waitFor();
    expect(await email.inputValue()).toBe('anna@example.org');
    await tick(page, 'Resident');
    await page.getByRole('button', { name: say(en, 'report.submit') }).click();
    await page.getByRole('heading', { name: say(en, 'report.thanks') }).waitFor();
    const permit = (await page.locator('.reference').textContent()) as string;
    await caseOf(system, permit);

    await page.getByRole('link', { name: say(en, 'nav.mine') }).click();
    await page.getByRole('heading', { name: say(en, 'follow.request', { reference }) }).waitFor();
    await page.getByRole('heading', { name: say(en, 'follow.request', { reference: permit }) }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-my-requests');

    // Her right of access: everything the city holds about her, gathered from every service, as a file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: say(en, 'myData.download') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('personal-data.json');
    const mine = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as {
      citizen: { contacts: Array<{ value: string }> };
      cases: Array<{ reference: string }>;
      heldElsewhere: Array<{ service: string; messages?: Array<{ subject: string }> }>;
    };
    expect(mine.citizen.contacts.map((c) => c.value)).toContain('anna@example.org');
    expect(mine.cases.map((c) => c.reference)).toEqual(expect.arrayContaining([reference, permit]));
    expect(mine.heldElsewhere.map((h) => h.service).sort()).toEqual([
      'notification-service',
      'workflow-service',
    ]);
    await page.getByText(say(en, 'myData.downloaded')).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('works by keyboard alone, and its text scales to 200 % without scrolling sideways', async () => {
    const email = `kim-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, {
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'general', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
      location: { address: 'Witte de Withstraat 16' },
      contact: { firstName: 'Kim', email },
    });
    await caseOf(system, reference);
    const { context, page } = await newPage();
    await page.goto(`${portal}/track`);
    const refField = page.getByRole('textbox', { name: say(en, 'follow.reference') });
    await tabTo(page, refField);
    await page.keyboard.type(reference);
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await tabTo(page, page.getByRole('button', { name: say(en, 'follow.submit') }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: say(en, 'follow.request', { reference }) }).waitFor();

    // 200 % text (WCAG 1.4.4): the page reflows instead of cutting or scrolling sideways.
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
    for (const path of ['/', `/track`, '/report/pothole']) {
      await page.goto(`${portal}${path}`);
      await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
      await page.locator('h1').first().waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await context.close();
  }, 120_000);
});
