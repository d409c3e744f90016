import { InMemoryAgentRepository } from '../in-memory-agent.repository';
import { GetAgentProfileUseCase } from './get-agent-profile.usecase';

describe('reading a work profile', () => {
  const agents = new InMemoryAgentRepository().with(
    { id: 'ann', queues: ['roads'], skills: ['nl'], capacity: 3 },
    { id: 'bob', tenantId: 'other', queues: ['parks'] },
  );
  const getProfile = new GetAgentProfileUseCase(agents);

  it('gives the queues, skills and capacity as set, and locks nothing', async () => {
    expect(await getProfile.execute('default', 'ann')).toMatchObject({
      id: 'ann',
      queues: ['roads'],
      skills: ['nl'],
      capacity: 3,
    });
    expect(agents.locked).toEqual([]);
  });

  it("refuses an agent without a profile, or another city's", async () => {
    await expect(getProfile.execute('default', 'eve')).rejects.toMatchObject({
      kind: 'not-found',
      code: 'agents.no-profile',
    });
    await expect(getProfile.execute('default', 'bob')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
