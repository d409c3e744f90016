import { randomUUID } from 'node:crypto';
import { TOPICS } from '@city/contracts';
import { asUser, until, type DemoUser } from '@city/platform-testing';
import {
  accessibilityProblems,
  say,
  screenshot,
  sendRaw,
  signIn,
  startConsoleSystem,
  tabTo,
  texts,
  type ConsoleSystem,
} from '@city/platform-testing/web';

interface Letter {
  id: string;
  state: 'waiting' | 'replayed' | 'expired';
  error: string;
  consumerGroup: string | null;
  eventId: string | null;
  replayOf: string | null;
  replayed: { at: string; by: string | null } | null;
}
interface Listing {
  topics: Array<{ topic: string; waiting: number; replayed: number }>;
  letters: Letter[];
}

/**
 * The dead letters in a real Chromium across the real services: a malformed fact on the case events
 * topic is given up on by the services that read it; an administrator sees it listed with its reason
 * (and nothing of its payload), puts it back by keyboard after saying so in the dialog, and reads the
 * answer; operations see the same list without any control to put a letter back.
 */
describe('the dead letters screen', () => {
  let system: ConsoleSystem;
  beforeAll(async () => {
    system = await startConsoleSystem();
  }, 180_000);
  afterAll(async () => system?.stop(), 60_000);

  const topic = TOPICS.caseEvents;
  const poisonId = randomUUID();
  const poisonEmail = `poison-${randomUUID().slice(0, 8)}@example.org`;

  const listing = async (user: DemoUser = 'admin-1'): Promise<Listing> => {
    const res = await fetch(`${system.ops.url}/api/v1/dead-letters?topic=${topic}`, {
      headers: await asUser(user),
    });
    if (!res.ok) throw new Error(`dead letters: ${res.status} ${await res.text()}`);
    return (await res.json()) as Listing;
  };
  const poisonLetters = async (): Promise<Letter[]> =>
    (await listing()).letters.filter((l) => l.eventId === poisonId);

  let letter: Letter;
  // The ops-1 test reads a letter put back; the admin's test runs first and sets it.

  it('an administrator sees the letter with its reason and puts it back by keyboard', async () => {
    const en = texts('en');
    // A CaseOpened whose payload is not one (with a citizen's email in it): every reader gives up on it.
    const caseId = randomUUID();
    await sendRaw(system, topic, {
      key: caseId,
      value: JSON.stringify({
        eventId: poisonId,
        type: 'CaseOpened',
        version: 1,
        occurredAt: new Date().toISOString(),
        tenantId: 'default',
        correlationId: randomUUID(),
        causationId: null,
        payload: { caseId, contact: { email: poisonEmail } },
      }),
    });
    const letters = await until('the dead letter', poisonLetters, (ls) => ls.length > 0, 60_000);
    letter = letters[0];
    expect(letter.state).toBe('waiting');
    expect(letter.error).not.toBe('');

    // ---- admin-1 starts on the dead letters and opens the topic by keyboard.
    const { page, context } = await signIn(system, 'admin-1', '/');
    await page.getByRole('heading', { name: say(en, 'deadLetters.title'), level: 1 }).waitFor();
    expect(page.url()).toBe(`${system.url}/dead-letters`);
    expect(await page.title()).toBe(`${say(en, 'titles.deadLetters')} – ${say(en, 'app.name')}`);
    await page.getByRole('link', { name: say(en, 'nav.deadLetters') }).waitFor();
    const topics = page.getByRole('table', { name: say(en, 'deadLetters.topicsCaption') });
    const topicRow = topics.getByRole('row', { name: new RegExp(`^${topic.replace(/\./g, '\\.')}\\b`) });
    expect(Number(await topicRow.locator('td').first().innerText())).toBeGreaterThan(0);
    await tabTo(page, page.getByRole('button', { name: say(en, 'deadLetters.show', { topic }) }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: say(en, 'deadLetters.lettersOf', { topic }) }).waitFor();
    expect(page.url()).toBe(`${system.url}/dead-letters?topic=${encodeURIComponent(topic)}`);

    // The letter: its event, id, reason and group; never its payload.
    const row = page.getByRole('row', { name: new RegExp(`^${letter.id}\\b`) });
    await row.waitFor();
    expect(await row.locator('td.reason').innerText()).toBe(letter.error);
    await row.getByText(poisonId, { exact: true }).waitFor();
    await row.getByText('CaseOpened v1', { exact: true }).waitFor();
    if (letter.consumerGroup) await row.getByText(letter.consumerGroup, { exact: true }).waitFor();
    await row.getByText(say(en, 'deadLetters.state.waiting'), { exact: true }).waitFor();
    expect(await page.content()).not.toContain(poisonEmail);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'ops-dead-letters');

    // ---- put back by keyboard: the row's button, the dialog (the focus on Cancel), Tab, Enter.
    await tabTo(page, row.getByRole('button', { name: say(en, 'deadLetters.putBack', { id: letter.id }) }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', {
      name: say(en, 'deadLetters.confirm.oneTitle', { id: letter.id }),
    });
    await dialog.waitFor();
    await dialog.getByText(say(en, 'deadLetters.confirm.oneText', { id: letter.id, topic })).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // Escape cancels: nothing is put back.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await poisonLetters()).find((l) => l.id === letter.id)?.state).toBe('waiting');
    await tabTo(page, row.getByRole('button', { name: say(en, 'deadLetters.putBack', { id: letter.id }) }));
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await dialog.getByRole('button', { name: say(en, 'deadLetters.confirm.go') }).waitFor();
    expect(
      await dialog
        .getByRole('button', { name: say(en, 'deadLetters.confirm.go') })
        .evaluate((b) => b === document.activeElement),
    ).toBe(true);
    await page.keyboard.press('Enter');

    // The answer, and the list refreshed: the letter put back, by admin-1.
    await page
      .getByRole('status')
      .filter({
        hasText: `${say(en, 'deadLetters.answer.putBack_one', { count: '1' })} ${say(en, 'deadLetters.answer.noneSkipped')}`,
      })
      .waitFor();
    await row.getByText(new RegExp(`^${say(en, 'deadLetters.state.replayed')}: .*admin-1`)).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    const after = (await poisonLetters()).find((l) => l.id === letter.id)!;
    expect(after.state).toBe('replayed');
    expect(after.replayed?.by).toMatch(/admin-1/);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Asked again for the same letter, the service says it went back already (409), and nothing went.
    const again = await fetch(`${system.ops.url}/api/v1/dead-letters/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser('admin-1')) },
      body: JSON.stringify({ topic, ids: [letter.id] }),
    });
    expect(again.status).toBe(409);

    // ---- every waiting letter of the topic (the other readers' letters, and the repeat of the one
    // put back once it fails again): the topic's button, the dialog, the answer.
    await until(
      'the repeat of the letter put back',
      poisonLetters,
      (ls) => ls.some((l) => l.replayOf === letter.id && l.state === 'waiting'),
      60_000,
    );
    await page.reload();
    const all = page.getByRole('button', { name: /^Put back all waiting \(\d+\)$/ });
    await all.waitFor();
    const waitingBefore = (await poisonLetters()).filter((l) => l.state === 'waiting').map((l) => l.id);
    expect(waitingBefore.length).toBeGreaterThan(0);
    await all.click();
    const allDialog = page.getByRole('alertdialog', { name: say(en, 'deadLetters.confirm.allTitle') });
    await allDialog.getByText(say(en, 'deadLetters.confirm.allText', { topic })).waitFor();
    await allDialog.getByRole('button', { name: say(en, 'deadLetters.confirm.go') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^\d+ letters? put back\./ })
      .waitFor();
    const states = new Map((await poisonLetters()).map((l) => [l.id, l.state]));
    for (const id of waitingBefore) expect(states.get(id)).toBe('replayed');
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('ops-1 sees the letters but no control to put one back; the service refuses them anyway', async () => {
    const en = texts('en');
    const { page, context } = await signIn(system, 'ops-1', `/dead-letters?topic=${topic}`);
    await page.getByRole('heading', { name: say(en, 'deadLetters.lettersOf', { topic }) }).waitFor();
    await page.getByRole('link', { name: say(en, 'nav.deadLetters') }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(`^${letter.id}\\b`) });
    await row.waitFor();
    expect(await row.locator('td.reason').innerText()).toBe(letter.error);
    await page.getByText(say(en, 'deadLetters.adminsOnly')).waitFor();
    expect(await page.getByRole('button', { name: /^Put back/ }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    const refused = await fetch(`${system.ops.url}/api/v1/dead-letters/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser('ops-1')) },
      body: JSON.stringify({ topic }),
    });
    expect(refused.status).toBe(403);
    await context.close();
  }, 120_000);

  it('an administrator opens each service’s job queues board from the console; operations have no way in', async () => {
    const en = texts('en');
    const { page, context } = await signIn(system, 'admin-1', '/');
    await page.getByRole('link', { name: say(en, 'nav.jobQueues') }).click();
    await page.getByRole('heading', { name: say(en, 'jobQueues.title'), level: 1 }).waitFor();
    expect(await page.title()).toBe(`${say(en, 'titles.jobQueues')} – ${say(en, 'app.name')}`);
    expect(await accessibilityProblems(page)).toEqual([]);
    // By keyboard: the link sets the board's session with the service, then the board opens in a new tab.
    for (const [service, title, queue] of [
      ['workflow', 'Workflow jobs', 'sla-timers'],
      ['notifications', 'Notification jobs', null],
    ] as const) {
      const link = page.getByRole('link', { name: say(en, `jobQueues.${service}.open`) });
      expect(await link.getAttribute('href')).toBe(`/svc/${service}/admin/queues/`);
      await tabTo(page, link);
      const [board] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
      // Bull Board's own page, through the console's proxy: its links under /svc/<service>, its data read.
      await board.getByText(title).first().waitFor();
      expect(new URL(board.url()).pathname).toMatch(new RegExp(`^/svc/${service}/admin/queues/?`));
      if (queue) {
        await board.getByText(queue).first().waitFor();
        await board.getByText('Loading...').waitFor({ state: 'hidden' });
        await screenshot(board, 'admin-job-queues-board');
      }
      expect(await board.locator('base').getAttribute('href')).toBe(`/svc/${service}/admin/queues/`);
      await board.close();
    }
    await context.close();

    // Operations see no such screen, and the services refuse them the board's session.
    const ops = await signIn(system, 'ops-1', '/dead-letters');
    await ops.page.getByRole('link', { name: say(en, 'nav.deadLetters') }).waitFor();
    expect(await ops.page.getByRole('link', { name: say(en, 'nav.jobQueues') }).count()).toBe(0);
    await ops.page.goto(`${system.url}/job-queues`);
    await ops.page.getByRole('heading', { name: say(en, 'auth.noAccessTitle') }).waitFor();
    const refused = await fetch(`${system.url}/svc/workflow/admin/queues/session`, {
      method: 'POST',
      headers: await asUser('ops-1'),
    });
    expect(refused.status).toBe(403);
    await ops.context.close();
  }, 120_000);

  it('the menu does not show the screen to an agent', async () => {
    const en = texts('en');
    const { page, context } = await signIn(system, 'agent-17', '/work');
    await page.getByRole('link', { name: say(en, 'nav.work') }).waitFor();
    expect(await page.getByRole('link', { name: say(en, 'nav.deadLetters') }).count()).toBe(0);
    await page.goto(`${system.url}/dead-letters`);
    await page.getByRole('heading', { name: say(en, 'auth.noAccessTitle') }).waitFor();
    await context.close();
  }, 60_000);
});
