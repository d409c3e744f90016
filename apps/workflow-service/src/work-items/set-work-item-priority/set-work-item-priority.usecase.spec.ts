import { caseRoutedV1, casePrioritySetExample, parseEnvelope, type CaseRoutedV1 } from '@city/contracts';
import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { SetWorkItemPriorityUseCase } from './set-work-item-priority.usecase';

const CASE = '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e';

describe("setting a work item's priority", () => {
  const setup = () => {
    const items = new InMemoryWorkItemRepository().with(
      { caseId: CASE, reference: 'EA49-HVS1-TVR', queue: 'roads', priority: 3, skills: ['nl'] },
      { caseId: 'done', state: 'done' },
      { caseId: 'elsewhere', tenantId: 'other' },
    );
    const outbox = new FakeOutbox();
    const tx = new FakeTransaction();
    const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
    const setPriority = new SetWorkItemPriorityUseCase(tx, items, outbox, clock);
    return { items, outbox, tx, setPriority };
  };
  const command = { tenantId: 'default', caseId: CASE, by: 'supervisor:sup-1' };

  it('sets it, and tells the case record as a CaseRouted it folds, with who and why', async () => {
    const { items, outbox, tx, setPriority } = setup();
    const item = await setPriority.execute({ ...command, priority: 1, reason: 'Councillor enquiry' });
    expect(item).toMatchObject({ priority: 1, queue: 'roads', state: 'queued' });
    expect(items.get(CASE)).toMatchObject({ priority: 1 });
    expect(tx.runs).toBe(1);
    const [routed] = outbox.events<CaseRoutedV1>('CaseRouted');
    expect(outbox.items[0]).toMatchObject({ topic: 'workflow.events.v1', key: CASE });
    expect(routed.payload).toEqual({
      caseId: CASE,
      reference: 'EA49-HVS1-TVR',
      at: '2026-03-02T10:00:00.000Z',
      queue: 'roads',
      priority: 1,
      skills: ['nl'],
      rule: 'priority-set:supervisor:sup-1',
      reason: 'Councillor enquiry',
    });
    // What the case-service and the notification-service parse it with accepts it, reason and all.
    expect(parseEnvelope(JSON.stringify(routed), [caseRoutedV1])).toMatchObject({
      ok: true,
      value: { payload: { priority: 1, reason: 'Councillor enquiry' } },
    });
    expect(parseEnvelope(JSON.stringify(casePrioritySetExample), [caseRoutedV1])).toMatchObject({ ok: true });
  });

  it('without a reason, the fact has none', async () => {
    const { outbox, setPriority } = setup();
    await setPriority.execute({ ...command, priority: 4, reason: null });
    expect(outbox.events<CaseRoutedV1>('CaseRouted')[0].payload).not.toHaveProperty('reason');
  });

  it('changes and publishes nothing when the item has that priority already', async () => {
    const { outbox, setPriority } = setup();
    expect(await setPriority.execute({ ...command, priority: 3, reason: null })).toMatchObject({
      priority: 3,
    });
    expect(outbox.items).toEqual([]);
  });

  it("refuses an item that does not exist (or is another city's), and one whose work is done", async () => {
    const { items, outbox, setPriority } = setup();
    await expect(
      setPriority.execute({ ...command, caseId: 'elsewhere', priority: 1, reason: null }),
    ).rejects.toMatchObject({ kind: 'not-found', code: 'work-items.not-found' });
    await expect(
      setPriority.execute({ ...command, caseId: 'done', priority: 1, reason: null }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'work-items.done' });
    expect(items.get('done')).toMatchObject({ priority: 3 });
    expect(outbox.items).toEqual([]);
  });
});
