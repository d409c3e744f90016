import { InMemorySlaClockRepository } from '../../clocks/in-memory-sla-clock.repository';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { ListBySlaUseCase } from './list-by-sla.usecase';

describe('work items by service level', () => {
  const at = (iso: string) => new Date(iso);
  const setup = () => {
    const clocks = new InMemorySlaClockRepository().with(
      { caseId: 'late', target: 'resolution', state: 'breached', dueAt: at('2026-03-04T09:00:00Z') },
      { caseId: 'later', target: 'resolution', state: 'breached', dueAt: at('2026-03-02T09:00:00Z') },
      { caseId: 'held', target: 'resolution', state: 'breached', dueAt: at('2026-03-03T09:00:00Z') },
      { caseId: 'closed', target: 'resolution', state: 'breached', dueAt: at('2026-03-01T09:00:00Z') },
      { caseId: 'elsewhere', target: 'resolution', state: 'breached', tenantId: 'other' },
      // Only the resolution clock counts: a missed first response alone is not in the list.
      { caseId: 'answered', target: 'first-response', state: 'breached' },
      { caseId: 'answered', target: 'resolution', state: 'running' },
      {
        caseId: 'soon',
        target: 'resolution',
        state: 'warned',
        warnAt: at('2026-03-05T09:00:00Z'),
        dueAt: at('2026-03-06T09:00:00Z'),
      },
      { caseId: 'waiting-for-citizen', target: 'resolution', state: 'paused' },
    );
    const items = new InMemoryWorkItemRepository(clocks).with(
      { caseId: 'late' },
      { caseId: 'later', priority: 2 },
      { caseId: 'held', state: 'assigned', assignee: 'ann' },
      { caseId: 'closed', state: 'done' },
      { caseId: 'elsewhere', tenantId: 'other' },
      { caseId: 'answered' },
      { caseId: 'soon' },
      { caseId: 'waiting-for-citizen', state: 'assigned', assignee: 'ann' },
    );
    return new ListBySlaUseCase(items);
  };

  it("lists the tenant's open items whose resolution clock breached, the most overdue first", async () => {
    const rows = await setup().execute({ tenantId: 'default', sla: 'breached', limit: 50 });
    expect(rows.map((r) => r.item.caseId)).toEqual(['later', 'held', 'late']);
    expect(rows[0].sla).toEqual({ state: 'breached', warnAt: null, dueAt: at('2026-03-02T09:00:00Z') });
  });

  it('lists those at risk (warned) apart, and keeps to the limit', async () => {
    const list = setup();
    expect(await list.execute({ tenantId: 'default', sla: 'at-risk', limit: 50 })).toEqual([
      {
        item: expect.objectContaining({ caseId: 'soon' }),
        sla: { state: 'warned', warnAt: at('2026-03-05T09:00:00Z'), dueAt: at('2026-03-06T09:00:00Z') },
      },
    ]);
    const two = await list.execute({ tenantId: 'default', sla: 'breached', limit: 2 });
    expect(two.map((r) => r.item.caseId)).toEqual(['later', 'held']);
  });
});
