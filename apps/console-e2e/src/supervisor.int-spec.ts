import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import YAML from 'yaml';
import { asUser } from '@city/platform-testing';
import {
  accessibilityProblems,
  caseOf,
  choose,
  ROOT,
  routed,
  screenshot,
  signIn,
  startConsoleSystem,
  type ConsoleSystem,
} from '@city/platform-testing/web';

/**
 * The supervisor's live picture in a real Chromium across the real services: a breach appears
 * without a reload, and the supervisor reassigns it and raises its priority. The city's catalogue
 * is the real one, but for a missed bin due in 6 seconds, so the breach comes while the test waits.
 */
describe("the supervisor's live queues", () => {
  let system: ConsoleSystem;
  const catalogue = mkdtempSync(join(tmpdir(), 'console-catalogue-'));
  beforeAll(async () => {
    cpSync(join(ROOT, 'catalogue/services'), catalogue, { recursive: true });
    const file = join(catalogue, 'missed-bin.yaml');
    const missedBin = YAML.parse(readFileSync(file, 'utf8')) as {
      version: number;
      sla: { resolution: { value: number; unit: string }; firstResponse?: unknown };
    };
    missedBin.version += 1;
    missedBin.sla.resolution = { value: 6 / 3600, unit: 'hours' };
    delete missedBin.sla.firstResponse;
    writeFileSync(file, YAML.stringify(missedBin));
    system = await startConsoleSystem({ catalogueDir: catalogue });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    rmSync(catalogue, { recursive: true, force: true });
  }, 60_000);

  it('a breach appears live, and the supervisor reassigns it and raises its priority', async () => {
    // agent-17 works the waste queue (a profile, so the supervisor can give them work).
    const profile = await fetch(`${system.workflow.url}/api/v1/agents/me`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await asUser('agent-17')) },
      body: JSON.stringify({ queues: ['waste'], capacity: 5 }),
    });
    expect(profile.status).toBe(200);

    const { page, context } = await signIn(system, 'supervisor-1', '/supervisor');
    await page.getByRole('heading', { name: 'Live queues' }).waitFor();
    await page.getByText('No breached cases.').waitFor();
    await page.getByRole('row', { name: /agent-17/ }).waitFor();
    // agent-17 signs in: their console reports them present, and the open view shows it.
    const agent = await signIn(system, 'agent-17', '/work');
    await page
      .getByRole('row', { name: /agent-17/ })
      .getByRole('cell', { name: 'yes', exact: true })
      .waitFor({ timeout: 20_000 });

    const reference = await (
      await fetch(`${system.gateway.url}/api/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          serviceCode: 'missed-bin',
          attributes: { 'bin-type': 'food', 'collection-date': '2026-11-27', 'out-by-7': 'yes' },
          location: { address: 'Blaak 31' },
          contact: {
            firstName: 'Ola',
            lastName: 'Nordmann',
            email: `ola-${randomUUID().slice(0, 8)}@example.org`,
          },
        }),
      })
    )
      .json()
      .then((b: { reference: string }) => b.reference);
    const recorded = await caseOf(system, reference);
    await routed(system, recorded.case.id);

    // Due in 6 s: the breach shows on the open page, no reload.
    const breach = page.locator('ul.breaches[data-sla="breached"] > li', { hasText: reference });
    await breach.waitFor({ timeout: 30_000 });
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'supervisor-live-queues');

    await choose(page, `Reassign ${reference} to`, /agent-17/, breach);
    await breach.getByRole('button', { name: `Reassign ${reference}`, exact: true }).click();
    await page.getByText('Reassigned.').waitFor();
    await choose(page, `Priority of ${reference}`, /^1/, breach);
    await breach.getByRole('button', { name: `Set priority ${reference}`, exact: true }).click();
    await page.getByText('Priority set.').waitFor();

    // The services agree: agent-17 holds it, at priority 1, and the case says so.
    const item = (await (
      await fetch(`${system.workflow.url}/api/v1/work-items/${recorded.case.id}`, {
        headers: await asUser('supervisor-1'),
      })
    ).json()) as { assignee: string; priority: number; queue: string; sla: { state: string } };
    expect(item).toMatchObject({ assignee: 'agent-17', priority: 1, sla: { state: 'breached' } });
    // The queue's figures count it: one breached item held in its queue, on the API and on the screen.
    const overview = (await (
      await fetch(`${system.workflow.url}/api/v1/queues`, { headers: await asUser('supervisor-1') })
    ).json()) as { queues: Array<{ queue: string; assigned: number; breached: number }> };
    expect(overview.queues.find((q) => q.queue === item.queue)).toMatchObject({ assigned: 1, breached: 1 });
    await page
      .getByRole('row', { name: new RegExp(`^${item.queue} `) })
      .getByRole('cell')
      .last()
      .filter({ hasText: /^1$/ })
      .waitFor({ timeout: 10_000 });
    const deadline = Date.now() + 20_000;
    while ((await caseOf(system, reference)).case.priority !== 1) {
      if (Date.now() > deadline) throw new Error('the case never showed the new priority');
      await new Promise((r) => setTimeout(r, 300));
    }
    await Promise.all([context.close(), agent.context.close()]);
  }, 120_000);
});
