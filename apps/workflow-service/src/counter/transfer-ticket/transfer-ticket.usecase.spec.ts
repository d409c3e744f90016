import { CallNextTicketUseCase } from '../call-next-ticket/call-next-ticket.usecase';
import { counterInMemory } from '../in-memory-counter';
import { TransferTicketUseCase } from './transfer-ticket.usecase';

describe('transferring a ticket', () => {
  it('sends it on to another queue, keeping its place', async () => {
    const c = await counterInMemory();
    const callNext = new CallNextTicketUseCase(c.tx, c.agents, c.tickets, c.outbox, c.routing, c.clock);
    const transfer = new TransferTicketUseCase(c.tx, c.tickets, c.outbox, c.routing, c.clock);
    await callNext.execute({ tenantId: 'default', office: 'town-hall', clerkId: 'clerk-9', counter: '1' });
    const moved = await transfer.execute({
      tenantId: 'default',
      ticketId: c.p001.id,
      clerkId: 'clerk-9',
      queue: 'counter-civil',
    });
    expect(moved).toMatchObject({
      state: 'waiting',
      queue: 'counter-civil',
      clerkId: null,
      counter: null,
      calledAt: null,
    });
    expect(moved.issuedAt).toEqual(c.p001.issuedAt);
    expect(c.outbox.events('CounterTicketChanged').at(-1)!.payload).toMatchObject({
      ticketId: c.p001.id,
      state: 'waiting',
      queue: 'counter-civil',
      clerkId: null,
      estimatedWaitMinutes: 8,
    });
    // First in its new queue: the clerk of that queue calls it next.
    const civil = await callNext.execute({
      tenantId: 'default',
      office: 'town-hall',
      clerkId: 'clerk-2',
      counter: '2',
    });
    expect(civil!.id).toBe(c.p001.id);
  });

  it('refuses a queue there is not, and a ticket the clerk is not serving', async () => {
    const c = await counterInMemory();
    const transfer = new TransferTicketUseCase(c.tx, c.tickets, c.outbox, c.routing, c.clock);
    await expect(
      transfer.execute({ tenantId: 'default', ticketId: c.p001.id, clerkId: 'clerk-9', queue: 'nowhere' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      message: 'No such counter queue.',
      fields: [{ field: 'queue', reason: 'one of counter-general, counter-parking, counter-civil' }],
    });
    await expect(
      transfer.execute({
        tenantId: 'default',
        ticketId: c.p001.id,
        clerkId: 'clerk-9',
        queue: 'counter-civil',
      }),
    ).rejects.toMatchObject({ kind: 'conflict', message: 'Ticket P001 is not being served by clerk-9.' });
  });
});
