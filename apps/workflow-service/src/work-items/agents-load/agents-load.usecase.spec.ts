import { InMemoryAgentRepository } from '../../agents/in-memory-agent.repository';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { AgentsLoadUseCase } from './agents-load.usecase';

describe("agents' load", () => {
  it('lists every profile with what it holds, the room left, the oldest and the next due', async () => {
    const agents = new InMemoryAgentRepository().with(
      { id: 'bob', queues: ['roads'], capacity: 1 },
      { id: 'ann', queues: ['roads'], capacity: 3 },
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
    expect(await new AgentsLoadUseCase(agents, items).execute('default')).toEqual([
      {
        id: 'ann',
        queues: ['roads'],
        skills: [],
        capacity: 3,
        holding: 2,
        free: 1,
        oldestAssignedAt: new Date('2026-03-02T08:00:00Z'),
        nextDueAt: new Date('2026-03-04T09:00:00Z'),
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
      },
    ]);
  });
});
