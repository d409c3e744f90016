import { agentPresenceReportedV1, counterTicketChangedV1, type WorkforceFactV1 } from '@city/contracts';
import { InMemoryWorkforceRepository } from '../in-memory-workforce.repository';
import { ApplyWorkforceFactsUseCase } from './apply-workforce-facts.usecase';

const ticket = (state: 'waiting' | 'called' | 'done', changedAt: string): WorkforceFactV1 => ({
  ...counterTicketChangedV1.example,
  payload: { ...counterTicketChangedV1.example.payload, state, changedAt },
});

describe('folding the workforce facts', () => {
  it('keeps each agent’s newest report and each ticket’s newest state, whatever the batches', async () => {
    const store = new InMemoryWorkforceRepository();
    const apply = new ApplyWorkforceFactsUseCase(store);
    expect(
      await apply.execute([agentPresenceReportedV1.example, ticket('waiting', '2026-11-30T09:02:00Z')]),
    ).toBe(2);
    await apply.execute([ticket('done', '2026-11-30T09:20:00Z')]);
    // A fact that comes late (a retry, a replay) does not turn the ticket back.
    await apply.execute([ticket('called', '2026-11-30T09:10:00Z')]);
    expect([...store.tickets.values()].map((t) => t.state)).toEqual(['done']);
    expect([...store.agents.values()]).toEqual([
      {
        tenantId: 'default',
        agentId: 'agent-17',
        queues: ['highways-north', 'waste'],
        capacity: 5,
        seenAt: new Date('2026-11-30T09:02:00.000Z'),
        signedInUntil: new Date('2026-11-30T09:04:00.000Z'),
      },
    ]);
  });

  it('offers nothing for an empty batch', async () => {
    const store = new InMemoryWorkforceRepository();
    expect(await new ApplyWorkforceFactsUseCase(store).execute([])).toBe(0);
    expect(store.tickets.size + store.agents.size).toBe(0);
  });
});
