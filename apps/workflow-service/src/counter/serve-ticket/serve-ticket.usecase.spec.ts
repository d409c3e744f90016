import type { CounterTicketChangedV1 } from '@city/contracts';
import { CallNextTicketUseCase } from '../call-next-ticket/call-next-ticket.usecase';
import { counterInMemory } from '../in-memory-counter';
import { ServeTicketUseCase } from './serve-ticket.usecase';

describe('serving a ticket', () => {
  const setup = async () => {
    const c = await counterInMemory();
    const callNext = new CallNextTicketUseCase(c.tx, c.agents, c.tickets, c.outbox, c.routing, c.clock);
    return { ...c, callNext, serve: new ServeTicketUseCase(c.tx, c.tickets, c.outbox, c.clock) };
  };

  it('ends the visit as served, with its case, and says so', async () => {
    const { callNext, serve, clock, outbox, p001 } = await setup();
    await callNext.execute({ tenantId: 'default', office: 'town-hall', clerkId: 'clerk-9', counter: '3' });
    clock.advance(5 * 60_000);
    const done = await serve.execute({
      tenantId: 'default',
      ticketId: p001.id,
      clerkId: 'clerk-9',
      caseReference: 'EA49-HVS1-TVR',
    });
    expect(done).toMatchObject({ state: 'done', caseReference: 'EA49-HVS1-TVR', endedAt: clock.now() });
    expect(outbox.items.filter((i) => i.topic === 'workflow.events.v1')).toEqual([
      expect.objectContaining({ key: p001.id }),
    ]);
    expect(outbox.events('CounterTicketChanged').at(-1)!.payload).toMatchObject({
      ticketId: p001.id,
      state: 'done',
      endedAt: clock.now().toISOString(),
    });
    expect(outbox.events('CounterVisitEnded')[0].payload).toMatchObject({
      ticket: 'P001',
      outcome: 'served',
      clerkId: 'clerk-9',
      counter: '3',
      waitedMinutes: 2,
    });
  });

  it('refuses a ticket not called, one called by another clerk, and one there is not', async () => {
    const { callNext, serve, outbox, p001, a001 } = await setup();
    await expect(
      serve.execute({ tenantId: 'default', ticketId: a001.id, clerkId: 'clerk-9', caseReference: null }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      message: 'Ticket A001 is waiting; only a called ticket can end.',
    });
    await callNext.execute({ tenantId: 'default', office: 'town-hall', clerkId: 'clerk-9', counter: '3' });
    await expect(
      serve.execute({ tenantId: 'default', ticketId: p001.id, clerkId: 'clerk-2', caseReference: null }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      message: 'Ticket P001 was called by clerk-9.',
      fields: [{ field: 'clerkId', reason: 'not the clerk who called it' }],
    });
    await expect(
      serve.execute({ tenantId: 'default', ticketId: 'nope', clerkId: 'clerk-9', caseReference: null }),
    ).rejects.toMatchObject({ kind: 'not-found', code: 'counter.no-ticket' });
    expect(outbox.events('CounterVisitEnded')).toEqual([]);
    expect(outbox.events<CounterTicketChangedV1>('CounterTicketChanged').map((e) => e.payload.state)).toEqual(
      ['waiting', 'waiting', 'called'],
    );
  });
});
