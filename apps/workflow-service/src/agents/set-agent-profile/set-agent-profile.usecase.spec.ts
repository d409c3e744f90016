import { InMemoryAgentRepository } from '../in-memory-agent.repository';
import { SetAgentProfileUseCase } from './set-agent-profile.usecase';

describe('setting a work profile', () => {
  it('creates the profile, and replaces it the next time', async () => {
    const agents = new InMemoryAgentRepository();
    const setProfile = new SetAgentProfileUseCase(agents);
    await setProfile.execute({
      tenantId: 'default',
      agentId: 'a-1',
      queues: ['q1'],
      skills: [],
      capacity: 5,
    });
    const again = await setProfile.execute({
      tenantId: 'default',
      agentId: 'a-1',
      queues: ['q2', 'q3'],
      skills: ['nl'],
      capacity: 2,
    });
    expect(again).toMatchObject({ id: 'a-1', queues: ['q2', 'q3'], skills: ['nl'], capacity: 2 });
    // Stored as set, and never seen yet (presence is stamped apart, by RecordPresenceUseCase).
    expect(await agents.list('default')).toEqual([{ ...again, lastSeenAt: null }]);
  });

  it("keeps when they were last seen: presence is not the profile's to set", async () => {
    const seen = new Date('2026-03-02T09:00:00Z');
    const agents = new InMemoryAgentRepository().with({ id: 'a-1', queues: ['q1'], lastSeenAt: seen });
    await new SetAgentProfileUseCase(agents).execute({
      tenantId: 'default',
      agentId: 'a-1',
      queues: ['q2'],
      skills: [],
      capacity: 4,
    });
    expect(await agents.find('default', 'a-1')).toMatchObject({
      queues: ['q2'],
      capacity: 4,
      lastSeenAt: seen,
    });
  });
});
