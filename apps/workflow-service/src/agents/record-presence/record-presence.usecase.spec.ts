import { FixedClock } from '@city/platform-testing/fakes';
import { InMemoryAgentRepository } from '../in-memory-agent.repository';
import { RecordPresenceUseCase } from './record-presence.usecase';

describe('recording presence', () => {
  const setup = () => {
    const agents = new InMemoryAgentRepository().with(
      { id: 'ann', queues: ['roads'], skills: ['nl'], capacity: 3 },
      { id: 'bob', tenantId: 'other', queues: ['parks'] },
    );
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    return { agents, clock, recordPresence: new RecordPresenceUseCase(agents, clock) };
  };

  it("stamps the profile with the clock's now, each report moving it on, and changes nothing else", async () => {
    const { agents, clock, recordPresence } = setup();
    await recordPresence.execute('default', 'ann');
    expect(await agents.find('default', 'ann')).toEqual(
      expect.objectContaining({
        queues: ['roads'],
        skills: ['nl'],
        capacity: 3,
        lastSeenAt: new Date('2026-03-02T09:00:00Z'),
      }),
    );
    clock.advance(60_000);
    await recordPresence.execute('default', 'ann');
    expect((await agents.find('default', 'ann'))?.lastSeenAt).toEqual(new Date('2026-03-02T09:01:00Z'));
    expect(agents.locked).toEqual([]);
  });

  it("refuses an agent without a profile, or another city's, and stamps nobody", async () => {
    const { agents, recordPresence } = setup();
    await expect(recordPresence.execute('default', 'eve')).rejects.toMatchObject({
      kind: 'not-found',
      code: 'agents.no-profile',
      message: 'No work profile for eve; set one with PUT /api/v1/agents/eve.',
    });
    await expect(recordPresence.execute('default', 'bob')).rejects.toMatchObject({
      kind: 'not-found',
      code: 'agents.no-profile',
    });
    expect((await agents.find('other', 'bob'))?.lastSeenAt).toBeNull();
    expect(await agents.find('default', 'eve')).toBeNull();
  });
});
