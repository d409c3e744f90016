import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { InMemoryAgentRepository } from '../../agents/in-memory-agent.repository';
import { InMemoryWorkItemRepository } from '../in-memory-work-item.repository';
import { ReassignWorkItemUseCase } from './reassign-work-item.usecase';

describe('reassigning a work item', () => {
  const setup = () => {
    const agents = new InMemoryAgentRepository().with(
      { id: 'ann', queues: ['roads'], capacity: 2 },
      { id: 'bob', queues: ['roads'], capacity: 1 },
    );
    const items = new InMemoryWorkItemRepository().with(
      { caseId: 'c1', state: 'assigned', assignee: 'ann' },
      { caseId: 'c2', state: 'assigned', assignee: 'bob' },
    );
    const outbox = new FakeOutbox();
    const clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
    const reassign = new ReassignWorkItemUseCase(new FakeTransaction(), agents, items, outbox, clock);
    return { items, outbox, reassign };
  };

  it('gives it to a named agent within their capacity', async () => {
    const { items, outbox, reassign } = setup();
    await reassign.execute({ tenantId: 'default', caseId: 'c2', to: { agentId: 'ann' }, by: 'sup-1' });
    expect(items.get('c2')).toMatchObject({
      state: 'assigned',
      assignee: 'ann',
      assignedAt: new Date('2026-03-02T10:00:00Z'),
    });
    expect(outbox.events('CaseAssigned')[0].payload).toMatchObject({
      assignee: 'ann',
      by: 'reassigned:sup-1',
    });
  });

  it('moves it to another queue, for someone there to take', async () => {
    const { items, reassign } = setup();
    await reassign.execute({ tenantId: 'default', caseId: 'c1', to: { queue: 'parks' }, by: 'sup-1' });
    expect(items.get('c1')).toMatchObject({ queue: 'parks', state: 'queued', assignee: null });
  });

  it('refuses an agent at capacity, or without a profile', async () => {
    const { items, outbox, reassign } = setup();
    await expect(
      reassign.execute({ tenantId: 'default', caseId: 'c1', to: { agentId: 'bob' }, by: 'sup-1' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      message: 'bob already holds 1 items, the capacity of their profile.',
      fields: [{ field: 'agentId', reason: 'at capacity (1)' }],
    });
    await expect(
      reassign.execute({ tenantId: 'default', caseId: 'c1', to: { agentId: 'eve' }, by: 'sup-1' }),
    ).rejects.toMatchObject({ kind: 'not-found', code: 'agents.no-profile' });
    expect(items.get('c1')).toMatchObject({ assignee: 'ann' });
    expect(outbox.items).toEqual([]);
  });
});
