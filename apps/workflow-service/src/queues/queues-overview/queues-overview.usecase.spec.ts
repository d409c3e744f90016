import { join } from 'node:path';
import { repositoryCatalogue } from '@city/platform-testing';
import { FixedClock } from '@city/platform-testing/fakes';
import { InMemorySlaClockRepository } from '../../clocks/in-memory-sla-clock.repository';
import { loadRoutingConfig } from '../../routing/routing-config';
import { RoutingBook } from '../../routing/routing-book';
import { InMemoryWorkItemRepository } from '../../work-items/in-memory-work-item.repository';
import { InMemoryServiceCatalogue } from '../../workflows/workflows-in-memory';
import { QueuesOverviewUseCase } from './queues-overview.usecase';

const at = (iso: string) => new Date(iso);

describe('the live picture of the work queues', () => {
  const routing = RoutingBook.everywhere(
    loadRoutingConfig(join(__dirname, '../../../../../catalogue/routing.yaml')),
  );
  const services = repositoryCatalogue();
  const clock = new FixedClock(at('2026-03-02T10:00:00Z'));

  const setup = () => {
    const clocks = new InMemorySlaClockRepository().with(
      { caseId: 'r1', target: 'resolution', state: 'breached' },
      { caseId: 'r2', target: 'resolution', state: 'warned' },
      { caseId: 'r3', target: 'resolution', state: 'running' },
      // Only the resolution clock counts: a first response missed alone is not a breach here.
      { caseId: 'r3', target: 'first-response', state: 'breached' },
      { caseId: 'r4', target: 'resolution', state: 'breached' },
      { caseId: 'x1', target: 'resolution', state: 'warned' },
    );
    const items = new InMemoryWorkItemRepository(clocks).with(
      { caseId: 'r1', queue: 'highways', receivedAt: at('2026-02-27T08:00:00Z') },
      { caseId: 'r2', queue: 'highways', state: 'assigned', assignee: 'ann' },
      { caseId: 'r3', queue: 'highways', receivedAt: at('2026-03-01T08:00:00Z') },
      // Done work is not in the picture, whatever its clock says.
      { caseId: 'r4', queue: 'highways', state: 'done' },
      { caseId: 'x1', queue: 'ad-hoc', state: 'assigned', assignee: 'bob' },
      { caseId: 'o1', queue: 'highways', tenantId: 'other' },
    );
    return new QueuesOverviewUseCase(items, new InMemoryServiceCatalogue(services), routing, clock);
  };

  it('gives each queue its waiting, held, oldest wait, at risk and breached, in one read', async () => {
    const overview = await setup().execute('default');
    expect(overview.at).toEqual(at('2026-03-02T10:00:00Z'));
    const byQueue = new Map(overview.queues.map((q) => [q.queue, q]));
    expect(byQueue.get('highways')).toEqual({
      queue: 'highways',
      waiting: 2,
      assigned: 1,
      oldestWaitingSince: at('2026-02-27T08:00:00Z'),
      atRisk: 1,
      breached: 1,
    });
    // A queue nothing names, with open work in it (a supervisor reassigned there).
    expect(byQueue.get('ad-hoc')).toEqual({
      queue: 'ad-hoc',
      waiting: 0,
      assigned: 1,
      oldestWaitingSince: null,
      atRisk: 1,
      breached: 0,
    });
  });

  it('shows every queue the routing file and the catalogue name, empty ones with zeros, in name order', async () => {
    const { queues } = await setup().execute('default');
    const names = queues.map((q) => q.queue);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining([
        'highways-north',
        'hazardous-waste',
        'highways-supervisors',
        'supervisors',
        ...services.map((s) => s.defaultQueue),
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('counter-general');
    expect(queues.find((q) => q.queue === 'parks')).toEqual({
      queue: 'parks',
      waiting: 0,
      assigned: 0,
      oldestWaitingSince: null,
      atRisk: 0,
      breached: 0,
    });
  });
});
