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
    expect(await agents.list('default')).toEqual([again]);
  });
});
