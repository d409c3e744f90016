import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { InMemoryAgentRepository } from '../in-memory-agent.repository';
import { RecordPresenceUseCase } from './record-presence.usecase';

describe('recording presence', () => {
  const setup = () => {
    const agents = new InMemoryAgentRepository().with(
      { id: 'ann', queues: ['roads'], skills: ['nl'], capacity: 3 },
      { id: 'bob', tenantId: 'other', queues: ['parks'] },
    );
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    const outbox = new FakeOutbox();
    return {
      agents,
      clock,
      outbox,
      recordPresence: new RecordPresenceUseCase(new FakeTransaction(), agents, outbox, clock),
    };
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

  it('tells the operations view each report, with the profile and until when they count as signed in', async () => {
    const { clock, outbox, recordPresence } = setup();
    await recordPresence.execute('default', 'ann');
    clock.advance(60_000);
    await recordPresence.execute('default', 'ann');
    expect(outbox.items.map((i) => [i.topic, i.key])).toEqual([
      ['workforce.events.v1', 'ann'],
      ['workforce.events.v1', 'ann'],
    ]);
    expect(outbox.events('AgentPresenceReported')[1]).toMatchObject({
      tenantId: 'default',
      occurredAt: '2026-03-02T09:01:00.000Z',
      payload: {
        agentId: 'ann',
        queues: ['roads'],
        capacity: 3,
        seenAt: '2026-03-02T09:01:00.000Z',
        signedInUntil: '2026-03-02T09:03:00.000Z',
      },
    });
  });

  it("refuses an agent without a profile, or another city's, and stamps nobody", async () => {
    const { agents, outbox, recordPresence } = setup();
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
    expect(outbox.items).toEqual([]);
  });
});
