import { agentPresenceReportedV1, counterTicketChangedV1, type WorkforceFactV1 } from '@city/contracts';
import { newestFacts } from './newest-facts';

const presence = (agentId: string, seenAt: string): WorkforceFactV1 => ({
  ...agentPresenceReportedV1.example,
  payload: { ...agentPresenceReportedV1.example.payload, agentId, seenAt, signedInUntil: seenAt },
});
const ticket = (state: 'waiting' | 'called' | 'done', changedAt: string): WorkforceFactV1 => ({
  ...counterTicketChangedV1.example,
  payload: { ...counterTicketChangedV1.example.payload, state, changedAt },
});

describe('the workforce facts folded', () => {
  it('keeps the newest per agent and per ticket, by the time each tells and not the order they came', () => {
    const { agents, tickets } = newestFacts([
      presence('ann', '2026-11-30T09:02:00Z'),
      presence('bob', '2026-11-30T09:00:00Z'),
      presence('ann', '2026-11-30T09:01:00Z'),
      ticket('called', '2026-11-30T09:10:00Z'),
      ticket('waiting', '2026-11-30T09:02:00Z'),
    ]);
    expect(agents.map((a) => [a.agentId, a.seenAt.toISOString()])).toEqual([
      ['ann', '2026-11-30T09:02:00.000Z'],
      ['bob', '2026-11-30T09:00:00.000Z'],
    ]);
    expect(tickets).toEqual([
      expect.objectContaining({
        ticket: 'P007',
        state: 'called',
        changedAt: new Date('2026-11-30T09:10:00Z'),
      }),
    ]);
  });
});
