import { CallNextTicketUseCase } from '../call-next-ticket/call-next-ticket.usecase';
import { counterInMemory } from '../in-memory-counter';
import { TakeTicketUseCase } from '../take-ticket/take-ticket.usecase';
import { ListTicketsUseCase } from './list-tickets.usecase';

describe("an office's tickets for the clerks", () => {
  const setup = async () => {
    const c = await counterInMemory();
    const list = new ListTicketsUseCase(c.tickets, c.routing, c.clock);
    const callNext = (clerkId: string, counter: string) =>
      new CallNextTicketUseCase(c.tx, c.agents, c.tickets, c.outbox, c.routing, c.clock).execute({
        tenantId: 'default',
        office: 'town-hall',
        clerkId,
        counter,
      });
    return { ...c, list, callNext };
  };

  it('lists those waiting, oldest first, and those called, with their counter and clerk', async () => {
    const { list, callNext, p001, a001 } = await setup();
    expect(
      (await list.execute({ tenantId: 'default', office: 'town-hall', state: 'waiting' })).map(
        (t) => t.display,
      ),
    ).toEqual([p001.display, a001.display]);
    await callNext('clerk-9', '3');
    expect(await list.execute({ tenantId: 'default', office: 'town-hall', state: 'waiting' })).toEqual([
      expect.objectContaining({ id: a001.id, state: 'waiting' }),
    ]);
    expect(await list.execute({ tenantId: 'default', office: 'town-hall', state: 'called' })).toEqual([
      expect.objectContaining({ id: p001.id, state: 'called', counter: '3', clerkId: 'clerk-9' }),
    ]);
  });

  it("keeps a ticket still waiting from an earlier day in turn, but only today's called ones", async () => {
    const { list, callNext, clock, tickets, routing, tx, outbox, a001 } = await setup();
    await callNext('clerk-9', '3');
    clock.advance(24 * 3600_000);
    const today = (
      await new TakeTicketUseCase(tx, tickets, outbox, routing, clock).execute({
        tenantId: 'default',
        office: 'town-hall',
        serviceCode: null,
        contact: null,
      })
    ).ticket;
    expect(
      (await list.execute({ tenantId: 'default', office: 'town-hall', state: 'waiting' })).map((t) => t.id),
    ).toEqual([a001.id, today.id]);
    expect(await list.execute({ tenantId: 'default', office: 'town-hall', state: 'called' })).toEqual([]);
  });

  it("keeps to the office, and refuses one the city doesn't have", async () => {
    const { list } = await setup();
    expect(await list.execute({ tenantId: 'default', office: 'zuid', state: 'waiting' })).toEqual([]);
    await expect(
      list.execute({ tenantId: 'default', office: 'nowhere', state: 'waiting' }),
    ).rejects.toMatchObject({ kind: 'not-found', code: 'counter.no-office' });
  });
});
