import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { InMemoryAgentRepository } from '../../agents/in-memory-agent.repository';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { TakeNextUseCase } from './take-next.usecase';

describe('take next', () => {
  const setup = () => {
    const agents = new InMemoryAgentRepository().with(
      { id: 'ann', queues: ['roads', 'parks'], skills: ['nl'], capacity: 2 },
      { id: 'bob', queues: ['roads'], skills: [], capacity: 1 },
    );
    const items = new InMemoryWorkItemRepository().with(
      { caseId: 'late', queue: 'roads', priority: 3, resolutionDueAt: new Date('2026-03-05T00:00:00Z') },
      { caseId: 'soon', queue: 'roads', priority: 3, resolutionDueAt: new Date('2026-03-03T00:00:00Z') },
      { caseId: 'urgent', queue: 'parks', priority: 1 },
      { caseId: 'dutch', queue: 'roads', priority: 1, skills: ['nl'] },
    );
    const tx = new FakeTransaction();
    const outbox = new FakeOutbox();
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    return { agents, items, tx, outbox, takeNext: new TakeNextUseCase(tx, agents, items, outbox, clock) };
  };

  it('gives the most urgent item the agent can work, and says so', async () => {
    const { items, outbox, takeNext } = setup();
    expect(await takeNext.execute('default', 'bob')).toMatchObject({ caseId: 'soon', assignee: 'bob' });
    expect(items.get('soon')).toMatchObject({ state: 'assigned', assignee: 'bob' });
    expect(outbox.events('CaseAssigned').map((e) => e.payload)).toEqual([
      expect.objectContaining({ caseId: 'soon', assignee: 'bob', by: 'take-next:agent:bob', queue: 'roads' }),
    ]);
  });

  it('refuses an agent at capacity, with the field at fault', async () => {
    const { takeNext } = setup();
    await takeNext.execute('default', 'bob');
    await expect(takeNext.execute('default', 'bob')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'work-items.at-capacity',
      message: 'bob already holds 1 items, the capacity of their profile; finish or return one first.',
      fields: [{ field: 'capacity', reason: 'at capacity (1)' }],
    });
  });

  it('answers none when nothing is left, and refuses an agent without a profile', async () => {
    const { takeNext } = setup();
    const ann = await Promise.all([1, 2].map(() => takeNext.execute('default', 'ann')));
    expect(ann.map((i) => i?.caseId).sort()).toEqual(['dutch', 'urgent']);
    const bob = new InMemoryAgentRepository().with({ id: 'bob', queues: ['empty'], capacity: 1 });
    const { items, tx, outbox } = setup();
    const idle = new TakeNextUseCase(tx, bob, items, outbox, new FixedClock());
    expect(await idle.execute('default', 'bob')).toBeNull();
    await expect(idle.execute('default', 'nobody')).rejects.toMatchObject({
      kind: 'not-found',
      code: 'agents.no-profile',
      message: 'No work profile for nobody; set one with PUT /api/v1/agents/nobody.',
    });
  });

  it('takes the calls that arrive together in one transaction, each with its own answer', async () => {
    const { tx, agents, takeNext } = setup();
    const answers = await Promise.allSettled([
      takeNext.execute('default', 'ann'),
      takeNext.execute('default', 'bob'),
      takeNext.execute('default', 'nobody'),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(tx.runs).toBeLessThanOrEqual(3);
    expect(agents.locked.map((k) => k.id).sort()).toEqual(['ann', 'bob', 'nobody']);
  });
});
