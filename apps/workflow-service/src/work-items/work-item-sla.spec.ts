import { InMemorySlaClockRepository } from '../clocks/in-memory-sla-clock.repository';
import { InMemoryWorkItemRepository } from './in-memory-work-item.repository';
import { WorkItemSla } from './work-item-sla';

describe('the service level the screens show for a page of items', () => {
  it("is each case's resolution clock as the timers keep it, read for the page at once", async () => {
    const clocks = new InMemorySlaClockRepository().with(
      {
        caseId: 'c1',
        target: 'resolution',
        state: 'warned',
        warnAt: new Date('2026-03-05T09:00:00Z'),
        dueAt: new Date('2026-03-06T09:00:00Z'),
      },
      { caseId: 'c1', target: 'first-response', state: 'breached' },
      { caseId: 'c2', target: 'resolution', state: 'paused' },
      { caseId: 'c4', target: 'resolution', state: 'breached', tenantId: 'other' },
    );
    const calls: string[][] = [];
    const ofCases = clocks.ofCases.bind(clocks);
    clocks.ofCases = (tenantId, caseIds, target) => {
      calls.push(caseIds);
      return ofCases(tenantId, caseIds, target);
    };
    const items = new InMemoryWorkItemRepository().with(
      { caseId: 'c1' },
      { caseId: 'c2' },
      { caseId: 'c3' },
      { caseId: 'c4' },
    );
    const page = await items.inQueue('default', 'q1', 'queued', 10);
    const sla = await new WorkItemSla(clocks).of(page);
    expect(calls).toEqual([['c1', 'c2', 'c3', 'c4']]);
    expect(Object.fromEntries(sla)).toEqual({
      c1: {
        state: 'warned',
        warnAt: new Date('2026-03-05T09:00:00Z'),
        dueAt: new Date('2026-03-06T09:00:00Z'),
      },
      c2: { state: 'paused', warnAt: null, dueAt: null },
    });
  });
});
