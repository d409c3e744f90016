import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { asUser, changeCase, malmoToOnboard, moveCase } from '@city/platform-testing';
import {
  accessibilityProblems,
  say,
  texts,
  caseOf,
  routed,
  choose,
  tabTo,
  tick,
  ringAgent,
  screenshot,
  signIn,
  startConsoleSystem,
  webRequest,
  type ConsoleSystem,
} from '@city/platform-testing/web';

/** A small but real PDF and a 1×1 PNG: the case-service decides a file's type by its content. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e20000000049454e44ae426082',
  'hex',
);

/**
 * The agent desktop in a real Chromium across the real services: a call pops the caller's record and
 * the agent raises a request for them; an agent takes next, adds a shared note and resolves, and the
 * citizen's email arrives.
 */
describe('the agent desktop (Chromium, Keycloak and the four services)', () => {
  let system: ConsoleSystem;
  beforeAll(async () => {
    system = await startConsoleSystem();
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  const missedBin = (contact: Record<string, string>) => ({
    serviceCode: 'missed-bin',
    attributes: { 'bin-type': 'general', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
    location: { address: `Coolsingel ${Math.floor(Math.random() * 900) + 10}` },
    contact,
  });

  it('a call pops the caller’s record within a second, and the agent raises a request for them', async () => {
    const email = `priya-${randomUUID().slice(0, 8)}@example.org`;
    const phone = `+3161${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    const earlier = await webRequest(
      system,
      missedBin({ firstName: 'Priya', lastName: 'Shah', email, phone }),
    );
    await caseOf(system, earlier);

    const { page, context } = await signIn(system, 'agent-17', '/work');
    await page.getByText('Phone line connected').waitFor();
    // The switch puts the call through, the number as dialled in the Netherlands.
    const started = Date.now();
    await ringAgent(system, 'agent-17', `0${phone.slice(3)}`);
    await page.getByRole('heading', { name: `Call from ${phone}` }).waitFor({ timeout: 5_000 });
    const popMs = Date.now() - started;
    await page.getByRole('heading', { name: 'Priya Shah', exact: true }).waitFor();
    // Their open case, with its due time, and their latest contact on the web.
    await page.getByRole('link', { name: earlier }).waitFor();
    await page
      .getByText(/web form/)
      .first()
      .waitFor();
    expect(popMs).toBeLessThan(5_000);
    console.log(`screen-pop, webhook to the caller's record on screen: ${popMs} ms`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-screen-pop');

    // A new request for the caller: the catalogue's form, their contact already filled in.
    await choose(page, 'Service', /Missed bin collection/);
    await expect(page.getByRole('textbox', { name: 'Email' }).inputValue()).resolves.toBe(email);
    // Sent without the required answers: refused at each field, in the form; the keyboard is taken to
    // the first answer at fault; and no request reaches the record.
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByText('Required.').first().waitFor();
    await page.getByText('Some answers need attention').waitFor();
    expect(
      await page.evaluate(() => document.activeElement?.closest('[role="radiogroup"]')?.textContent ?? ''),
    ).toContain('Which bin was missed?');
    await new Promise((r) => setTimeout(r, 1_000));
    const before = await fetch(`${system.cases.url}/api/v1/cases?email=${encodeURIComponent(email)}`, {
      headers: await asUser('agent-17'),
    }).then((r) => r.json() as Promise<{ count: number }>);
    expect(before.count).toBe(1);
    await tick(page, 'Garden waste');
    await page.getByRole('textbox', { name: 'When should it have been collected?' }).fill('2026-11-28');
    await tick(page, 'No');
    await page.getByRole('textbox', { name: 'Address', exact: true }).fill('Coolsingel 40');
    await page.getByRole('button', { name: 'Send the request' }).click();
    const accepted = await page.getByText(/^Request .+ was accepted\./).textContent();
    const reference = /Request (\S+) was accepted/.exec(accepted ?? '')?.[1] as string;
    await page.getByRole('link', { name: `Open case ${reference}` }).click();
    await page.getByRole('heading', { name: new RegExp(`Case ${reference}`) }).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Priya Shah' }).waitFor();
    const recorded = await caseOf(system, reference);
    expect(recorded.citizen?.id).toBe((await caseOf(system, earlier)).citizen?.id);
    await context.close();
  }, 120_000);

  it('a number the record does not know opens a new request with the number filled in; two agents signed in each get only their own call', async () => {
    const { page, context } = await signIn(system, 'agent-18', '/work');
    const other = await signIn(system, 'agent-17', '/work');
    await page.getByText('Phone line connected').waitFor();
    await other.page.getByText('Phone line connected').waitFor();
    const unknown = `+3162${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    await ringAgent(system, 'agent-18', unknown);
    await page.getByRole('heading', { name: `Call from ${unknown}` }).waitFor({ timeout: 5_000 });
    await page.getByRole('heading', { name: 'Number not in the record' }).waitFor();
    // The caller's number is on the screen, not in the address.
    expect(page.url()).not.toContain(unknown.slice(1));
    await choose(page, 'Service', /Missed bin collection/);
    await expect(page.getByRole('textbox', { name: 'Phone' }).inputValue()).resolves.toBe(unknown);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-new-request');
    // agent-17, signed in all along, got no pop: still on their own work.
    const mine = `+3163${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    await ringAgent(system, 'agent-17', mine);
    await other.page.getByRole('heading', { name: `Call from ${mine}` }).waitFor({ timeout: 5_000 });
    expect(await other.page.getByText(unknown).count()).toBe(0);
    expect(await page.getByText(mine).count()).toBe(0);
    await Promise.all([context.close(), other.context.close()]);
  }, 60_000);

  it('by keyboard alone, an agent takes next, adds a shared note and resolves, and the citizen’s emails arrive', async () => {
    const email = `sam-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, missedBin({ firstName: 'Sam', lastName: 'Okafor', email }));
    await routed(system, (await caseOf(system, reference)).case.id);
    const { page, context } = await signIn(system, 'agent-18', '/work');
    await page.getByText('Phone line connected').waitFor();
    // No work profile yet: taking next says so and offers the profile.
    await tabTo(page, page.getByRole('button', { name: 'Take next' }));
    await page.keyboard.press('Enter');
    await page.getByText('You have no work profile yet').waitFor();
    await tabTo(page, page.getByRole('checkbox', { name: 'waste', exact: true }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Save profile' }).first());
    await page.keyboard.press('Enter');
    await page.getByText('Profile saved.').first().waitFor();
    await screenshot(page, 'agent-my-work');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Take next until the new case comes up (earlier tests left older cases in the waste queue).
    let taken = '';
    for (let i = 0; i < 5 && taken !== reference; i++) {
      await page.goto(`${system.url}/work`);
      await tabTo(page, page.getByRole('button', { name: 'Take next' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cases\//, { waitUntil: 'commit' });
      taken = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    }
    expect(taken).toBe(reference);
    await page.getByRole('heading', { name: new RegExp(`Case ${reference}`) }).waitFor();
    await page.getByText('agent-18').first().waitFor();

    // A note shared with the citizen.
    await tabTo(page, page.getByRole('textbox', { name: 'Note' }));
    await page.keyboard.type('The crew will come by tomorrow morning.');
    await tabTo(page, page.getByRole('radio', { name: 'Staff only' }));
    await page.keyboard.press('ArrowRight');
    await tabTo(page, page.getByRole('button', { name: 'Add note' }));
    await page.keyboard.press('Enter');
    await page.getByText('Note added.').waitFor();
    await system.mail.waitFor(
      (m) => m.to.includes(email) && m.text.includes('The crew will come by tomorrow morning.'),
      20_000,
    );

    // Resolved, with a reason.
    await tabTo(page, page.getByRole('button', { name: /New status$/ }));
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'Resolved' }).waitFor();
    await page.keyboard.type('Resolved');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('textbox', { name: 'Reason' }).first());
    await page.keyboard.type('Collected on the second round.');
    await tabTo(page, page.getByRole('button', { name: 'Change status' }));
    await page.keyboard.press('Enter');
    await page.getByText('Status changed.').waitFor();
    await page.getByRole('heading', { name: new RegExp(`Case ${reference}.*Resolved`) }).waitFor();
    await system.mail.waitFor(
      (m) => m.to.includes(email) && m.subject.includes(reference) && /^Fixed/.test(m.subject),
      20_000,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-case');

    // The citizen's record, found by their email, with this case on it.
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: '1 case found' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-search');
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('link', { name: 'Sam Okafor' }).click();
    await page.getByRole('heading', { name: 'Sam Okafor', exact: true }).waitFor();
    await page
      .getByText(/closed case|Resolved/)
      .first()
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-citizen-record');

    // Sam asks on the phone for everything the city holds about him: the export needs the check made.
    await tabTo(page, page.getByRole('button', { name: 'Export their data' }));
    await page.keyboard.press('Enter');
    await page.getByText('Say how you checked who is asking first.').waitFor();
    await tabTo(page, page.getByRole('button', { name: /Identity checked by/ }));
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'Details only they know (on the phone)' }).waitFor();
    await page.keyboard.type('Details');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Export their data' }));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const exported = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as {
      requestedBy: { actor: string; identityCheck: string };
      cases: Array<{ reference: string; status: string }>;
    };
    expect(exported.requestedBy).toEqual({ actor: 'agent:agent-18', identityCheck: 'known-details' });
    expect(exported.cases.map((c) => c.reference)).toEqual([reference]);
    await page.getByText('Their data was saved as a file to hand over.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('in Dutch: a change made elsewhere shows on the open case, and a stale edit gets the 409 explained with the draft kept', async () => {
    const nl = texts('nl');
    const reference = await webRequest(
      system,
      missedBin({
        firstName: 'Noor',
        lastName: 'Jansen',
        email: `noor-${randomUUID().slice(0, 8)}@example.org`,
      }),
    );
    await caseOf(system, reference);
    const { page, context } = await signIn(system, 'agent-17', `/cases/${reference}`, 'nl-NL');
    await page.getByRole('heading', { name: new RegExp(say(nl, 'case.title', { reference })) }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page
      .getByRole('textbox', { name: say(nl, 'actions.note'), exact: true })
      .fill('Bewoner belt morgen terug.');

    // Meanwhile a colleague adds a note to the same case (against the version they read).
    expect(
      await changeCase(system.cases.url, reference, 'notes', { text: 'Ploeg is onderweg.' }, 'agent-18'),
    ).toBe(201);

    // Sent against the version the agent saw: refused, explained, and nothing typed is lost.
    await page.getByRole('button', { name: say(nl, 'actions.addNote') }).click();
    await page.getByText(say(nl, 'errors.conflict')).waitFor();
    await page.getByText(say(nl, 'errors.conflictHelp')).waitFor();
    expect(await page.getByRole('textbox', { name: say(nl, 'actions.note'), exact: true }).inputValue()).toBe(
      'Bewoner belt morgen terug.',
    );
    // The change shows on the open page without a reload; once seen, the note goes through.
    await page
      .getByText(/Ploeg is onderweg\./)
      .first()
      .waitFor();
    await page.getByRole('button', { name: say(nl, 'case.seenChange') }).click();
    await page.getByRole('button', { name: say(nl, 'actions.addNote') }).click();
    await page.getByText(say(nl, 'actions.noteAdded')).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'agent-case-stale-edit-nl');
    await context.close();
  }, 90_000);

  it('an agent sees the documents a citizen sent with their reply, and downloads the PDF byte for byte', async () => {
    const en = texts('en');
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
    // The permit's workflow asks for a proof of address and waits for it.
    const deadline = Date.now() + 20_000;
    while ((await caseOf(system, reference)).case.status !== 'waiting-for-citizen') {
      if (Date.now() > deadline) throw new Error(`case ${reference} never waited for the citizen`);
      await new Promise((r) => setTimeout(r, 250));
    }

    // The citizen answers from the portal: a message, a PDF and a PNG, proving it is theirs by email.
    const message = 'My council tax bill and a photo of the permit sticker.';
    const form = new FormData();
    form.append('email', email);
    form.append('message', message);
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'council-tax.pdf');
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'sticker.png');
    const replied = await fetch(`${system.cases.url}/api/v1/requests/${reference}/replies`, {
      method: 'POST',
      body: form,
    });
    expect(replied.status).toBe(201);

    const { page, context } = await signIn(system, 'agent-17', `/cases/${reference}`);
    await page.getByRole('heading', { name: new RegExp(`Case ${reference}`) }).waitFor({ timeout: 20_000 });
    // Both documents, by name and type, and the citizen's message on the timeline.
    const documents = page.getByRole('region', { name: say(en, 'documents.title') });
    const listed = (name: string, type: string) =>
      documents
        .getByRole('listitem')
        .filter({ hasText: new RegExp(`^${name.replace('.', '\\.')} · ${type} · `) });
    await listed('council-tax.pdf', say(en, 'documents.type.pdf')).waitFor();
    await listed('sticker.png', say(en, 'documents.type.png')).waitFor();
    expect(await documents.getByRole('listitem').count()).toBe(2);
    const timeline = page.getByRole('region', { name: say(en, 'case.timeline') });
    await timeline.getByText(message, { exact: true }).waitFor();
    await timeline.getByText(say(en, 'timeline.citizen-replied')).first().waitFor();

    // The PDF's button fetches it with the agent's token and the browser saves it.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      documents
        .getByRole('button', { name: say(en, 'documents.downloadNamed', { name: 'council-tax.pdf' }) })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('council-tax.pdf');
    expect((await readFile(await download.path())).equals(PDF)).toBe(true);
    await documents
      .getByRole('button', { name: say(en, 'documents.downloadNamed', { name: 'sticker.png' }) })
      .and(page.locator(':enabled'))
      .waitFor();

    expect(await accessibilityProblems(page)).toEqual([]);
    await documents.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-case-documents');
    await context.close();
  }, 120_000);

  it('an administrator erases a citizen who asked, on a ground, after saying yes; no one else is offered it', async () => {
    const email = `noor-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, missedBin({ firstName: 'Noor', lastName: 'Jansen', email }));
    const recorded = await caseOf(system, reference);
    await routed(system, recorded.case.id);
    // Her request was dealt with: nothing of hers is still being worked. (The workflow's facts move
    // the case's version on meanwhile: on a 409, read it again.)
    expect(await moveCase(system.cases.url, reference, { status: 'resolved', reason: 'Collected' })).toBe(
      200,
    );
    const citizenId = recorded.citizen!.id;

    // An agent is not offered it (and the service refuses them: the access tests).
    const agent = await signIn(system, 'agent-17', `/citizens/${citizenId}`);
    await agent.page.getByRole('heading', { name: 'Noor Jansen' }).waitFor();
    expect(await agent.page.getByRole('heading', { name: 'Erase this citizen' }).count()).toBe(0);
    await agent.context.close();

    const { page, context } = await signIn(system, 'admin-1', `/citizens/${citizenId}`);
    await page.getByRole('heading', { name: 'Erase this citizen' }).waitFor();
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByText('Name the ground first.').waitFor();
    await page.getByRole('button', { name: /Ground \(GDPR article 17\)/ }).click();
    await page.getByRole('option', { name: 'They withdrew their consent' }).click();
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByRole('alertdialog', { name: 'Erase this citizen?' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByText(/^Erased: \d+ records changed across the services\.$/).waitFor({ timeout: 20_000 });
    // The record stays, without her name or contacts, and says it was erased.
    await page.getByRole('heading', { name: 'Noor Jansen' }).waitFor({ state: 'detached' });
    await page
      .getByText(/^Erased on .*: their name, contacts and the words of their requests were removed\./)
      .waitFor();
    expect(await page.getByText(email).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-erasure');
    await context.close();
  }, 120_000);

  it("an administrator restricts a citizen's record on a ground; staff see it, without the merge; lifted once the citizen was told", async () => {
    const email = `sanne-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, missedBin({ firstName: 'Sanne', lastName: 'Bakker', email }));
    const citizenId = (await caseOf(system, reference)).citizen!.id;

    const admin = await signIn(system, 'admin-1', `/citizens/${citizenId}`);
    const page = admin.page;
    await page.getByRole('heading', { name: "Restrict this citizen's record" }).waitFor();
    await page.getByRole('button', { name: 'Restrict', exact: true }).click();
    await page.getByText('Name the ground first.').waitFor();
    await page.getByRole('button', { name: /Ground \(GDPR article 18\)/ }).click();
    await page.getByRole('option', { name: 'They contest its accuracy (while it is checked)' }).click();
    await page.getByRole('button', { name: 'Restrict', exact: true }).click();
    await page.getByText(/^Restricted since .*: They contest its accuracy/).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Lift the restriction' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-restriction');

    // An agent sees it on the record and on the request, and is not offered a merge (the service refuses it).
    const agent = await signIn(system, 'agent-17', `/citizens/${citizenId}`);
    await agent.page.getByText(/^Restricted since /).waitFor();
    expect(await agent.page.getByRole('heading', { name: 'Lift the restriction' }).count()).toBe(0);
    expect(
      await agent.page.getByRole('heading', { name: 'Merge another record of this person' }).count(),
    ).toBe(0);
    await agent.page.goto(`${system.url}/cases/${reference}`);
    await agent.page.getByText(/^Restricted since /).waitFor();
    await agent.context.close();

    // Lifted once she was told: how, and on which day.
    await page.getByRole('button', { name: 'Lift', exact: true }).click();
    await page.getByText('Say how they were told first.').waitFor();
    await page.getByRole('button', { name: /How they were told/ }).click();
    await page.getByRole('option', { name: 'By letter' }).click();
    await page.getByRole('button', { name: 'Lift', exact: true }).click();
    await page.getByText('Lifted: the record is used as before.').waitFor({ timeout: 20_000 });
    expect(await page.getByText(/^Restricted since /).count()).toBe(0);
    // An administrator is not offered a merge (the service allows it to those who work requests).
    expect(await page.getByRole('heading', { name: 'Merge another record of this person' }).count()).toBe(0);
    await admin.context.close();
  }, 120_000);

  it('an administrator runs the retention from its screen: a request finished two years ago is anonymised, and the run listed', async () => {
    const email = `piet-${randomUUID().slice(0, 8)}@example.org`;
    const reference = await webRequest(system, missedBin({ firstName: 'Piet', email }));
    const recorded = await caseOf(system, reference);
    await routed(system, recorded.case.id);
    expect(await moveCase(system.cases.url, reference, { status: 'withdrawn', reason: 'Asked to' })).toBe(
      200,
    );
    // Finished two years and a day ago, as far as the record knows.
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    await db.query(
      `UPDATE "${system.schemas.cases}".cases SET updated_at = now() - interval '731 days' WHERE reference = $1`,
      [reference],
    );
    // The nightly run is under way (as the case-service writes a run it begins).
    const [nightly] = (
      await db.query<{ id: string }>(
        `INSERT INTO "${system.schemas.cases}".retention_runs (tenant_id, ran_at, ran_by, cases_by_service, erased)
           VALUES ('default', now(), 'schedule', '{}', '{}') RETURNING id`,
      )
    ).rows;

    const { page, context } = await signIn(system, 'admin-1', '/retention');
    await page.getByRole('heading', { name: 'Retention of personal data', level: 1 }).waitFor();
    const runNow = async () => {
      await page.getByRole('button', { name: 'Run the retention now' }).click();
      await page.getByRole('alertdialog', { name: 'Run the retention now?' }).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByRole('button', { name: 'Run it' }).click();
    };
    // Refused while it runs: said so, and it is listed as under way; nothing of the request is touched.
    await runNow();
    await page.getByText(/^A run is already under way/).waitFor();
    await page.getByRole('row', { name: /The nightly run.*Under way/ }).waitFor();
    expect((await caseOf(system, reference)).case).toMatchObject({
      location: { address: expect.stringMatching(/^Coolsingel/) },
    });
    expect(await accessibilityProblems(page)).toEqual([]);

    // Once it ended, the administrator's run goes ahead.
    await db.query(
      `UPDATE "${system.schemas.cases}".retention_runs SET finished_at = now(), outcome = 'done' WHERE id = $1`,
      [nightly.id],
    );
    await db.end();
    await runNow();
    await page.getByText(/^Done: \d+ requests? anonymised\.$/).waitFor({ timeout: 30_000 });
    // The run is listed: by the administrator, with the missed bin among what it anonymised, done.
    const row = page.getByRole('row', { name: /admin:admin-1/ }).first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Missed bin.*: \d+.*Done$/i);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-retention');
    await context.close();
    const { case: after } = await caseOf(system, reference);
    expect(after).toMatchObject({ status: 'withdrawn', description: null, location: { address: null } });
  }, 120_000);

  it("the deployment's administrator onboards a city from its file: every problem named, then listed as waiting for the services' restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'city-file-'));
    const fileOf = async (name: string, content: string) => {
      const f = join(dir, name);
      await writeFile(f, content);
      return f;
    };
    const { page, context } = await signIn(system, 'admin-1', '/cities');
    await page.getByRole('heading', { name: 'Cities of this deployment', level: 1 }).waitFor();
    await page.getByRole('row', { name: /Gemeente Rotterdam \(demo\)/ }).waitFor();
    const file = page.getByLabel("The city's file (JSON)");
    const send = page.getByRole('button', { name: 'Check and onboard' });

    await file.setInputFiles(await fileOf('notes.json', 'not JSON at all'));
    await send.click();
    await page.getByText("That file is not JSON. Choose the city's JSON file.").waitFor();

    // The demo city's jurisdiction is taken: the service names the field, and keeps nothing.
    await file.setInputFiles(
      await fileOf('malmo.json', JSON.stringify(malmoToOnboard({ jurisdiction: 'city.example' }))),
    );
    await send.click();
    await page.getByText("city.example is default's already").waitFor({ timeout: 20_000 });
    expect(await page.getByText('No city onboarded yet.').count()).toBe(1);

    // Right, by keyboard: onboarded, what is left said, and listed as waiting for the restart.
    await file.setInputFiles(await fileOf('malmo-fixed.json', JSON.stringify(malmoToOnboard())));
    await send.focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^malmo is onboarded, with \d+ services\.$/).waitFor({ timeout: 20_000 });
    await page
      .getByText('Restart the services (a rollout): each serves malmo from its next start.')
      .waitFor();
    const row = page.getByRole('row', { name: /Malmö stad/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/admin-1.*Waiting for the services to restart/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-cities');
    await context.close();

    // Another city's administrator is refused by the service (403), which the screen says.
    const other = await signIn(system, 'admin-other', '/cities');
    await other.page.getByRole('alert').getByText('You may not do this with your role.').first().waitFor();
    await other.context.close();
  }, 120_000);
});
