import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { ReturnToQueueUseCase } from './return-to-queue.usecase';

describe('giving an item back to its queue', () => {
  const setup = () => {
    const items = new InMemoryWorkItemRepository().with(
      { caseId: 'c1', state: 'assigned', assignee: 'ann', assignedAt: new Date('2026-03-02T08:30:00Z') },
      { caseId: 'c2', state: 'done', assignee: 'ann' },
    );
    const outbox = new FakeOutbox();
    return {
      items,
      outbox,
      giveBack: new ReturnToQueueUseCase(new FakeTransaction(), items, outbox, new FixedClock()),
    };
  };

  it('queues it again, held by nobody, and says so', async () => {
    const { items, outbox, giveBack } = setup();
    expect(await giveBack.execute('default', 'c1', 'ann')).toMatchObject({ state: 'queued', assignee: null });
    expect(items.get('c1')).toMatchObject({ state: 'queued', assignee: null, assignedAt: null });
    expect(outbox.events('CaseAssigned')[0].payload).toMatchObject({
      assignee: null,
      by: 'returned:agent:ann',
    });
  });

  it('refuses an agent who does not hold it, a done item and an unknown case', async () => {
    const { outbox, giveBack } = setup();
    await expect(giveBack.execute('default', 'c1', 'bob')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'work-items.not-the-assignee',
      message: 'Case REF-c1 is not held by bob.',
      fields: [{ field: 'agentId', reason: 'not the assignee' }],
    });
    await expect(giveBack.execute('default', 'c2', 'ann')).rejects.toMatchObject({
      kind: 'conflict',
      message: 'The work on case REF-c2 is done.',
    });
    await expect(giveBack.execute('default', 'c9', 'ann')).rejects.toMatchObject({
      kind: 'not-found',
      message: 'No work item for case c9.',
    });
    expect(outbox.items).toEqual([]);
  });
});
