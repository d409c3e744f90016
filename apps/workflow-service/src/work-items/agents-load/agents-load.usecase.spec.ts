import { FixedClock } from '@city/platform-testing/fakes';
import { InMemoryAgentRepository } from '../../agents/in-memory-agent.repository';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { AgentsLoadUseCase } from './agents-load.usecase';

describe("agents' load", () => {
  it('lists every profile with what it holds, the room left, the oldest, the next due and whether they are signed in', async () => {
    const agents = new InMemoryAgentRepository().with(
      { id: 'bob', queues: ['roads'], capacity: 1 },
      { id: 'ann', queues: ['roads'], capacity: 3, lastSeenAt: new Date('2026-03-02T08:59:30Z') },
    );
    const items = new InMemoryWorkItemRepository().with(
      {
        caseId: 'c1',
        state: 'assigned',
        assignee: 'ann',
        assignedAt: new Date('2026-03-02T09:00:00Z'),
        resolutionDueAt: new Date('2026-03-09T09:00:00Z'),
      },
      {
        caseId: 'c2',
        state: 'assigned',
        assignee: 'ann',
        assignedAt: new Date('2026-03-02T08:00:00Z'),
        resolutionDueAt: new Date('2026-03-04T09:00:00Z'),
      },
      { caseId: 'c3', state: 'done', assignee: 'bob' },
    );
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    expect(await new AgentsLoadUseCase(agents, items, clock).execute('default')).toEqual([
      {
        id: 'ann',
        queues: ['roads'],
        skills: [],
        capacity: 3,
        holding: 2,
        free: 1,
        oldestAssignedAt: new Date('2026-03-02T08:00:00Z'),
        nextDueAt: new Date('2026-03-04T09:00:00Z'),
        lastSeenAt: new Date('2026-03-02T08:59:30Z'),
        signedIn: true,
      },
      {
        id: 'bob',
        queues: ['roads'],
        skills: [],
        capacity: 1,
        holding: 0,
        free: 1,
        oldestAssignedAt: null,
        nextDueAt: null,
        lastSeenAt: null,
        signedIn: false,
      },
    ]);
  });

  it("counts someone signed in for two minutes after they were last seen, by the service's clock", async () => {
    const seen = new Date('2026-03-02T09:00:00Z');
    const agents = new InMemoryAgentRepository().with({ id: 'ann', queues: ['roads'], lastSeenAt: seen });
    const clock = new FixedClock(seen);
    const load = new AgentsLoadUseCase(agents, new InMemoryWorkItemRepository(), clock);
    const ann = async () => (await load.execute('default'))[0];

    clock.advance(120_000);
    expect(await ann()).toMatchObject({ lastSeenAt: seen, signedIn: true });
    clock.advance(1);
    expect(await ann()).toMatchObject({ lastSeenAt: seen, signedIn: false });
  });
});
