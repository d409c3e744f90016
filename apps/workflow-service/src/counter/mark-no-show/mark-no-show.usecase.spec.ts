import { CallNextTicketUseCase } from '../call-next-ticket/call-next-ticket.usecase';
import { counterInMemory } from '../in-memory-counter';
import { MarkNoShowUseCase } from './mark-no-show.usecase';

describe('a citizen who does not come when called', () => {
  it('ends the visit as a no-show, for the clerk who called', async () => {
    const c = await counterInMemory();
    const callNext = new CallNextTicketUseCase(c.tx, c.agents, c.tickets, c.outbox, c.routing, c.clock);
    const noShow = new MarkNoShowUseCase(c.tx, c.tickets, c.outbox, c.clock);
    await callNext.execute({ tenantId: 'default', office: 'town-hall', clerkId: 'clerk-9', counter: '1' });
    await expect(
      noShow.execute({ tenantId: 'default', ticketId: c.p001.id, clerkId: 'clerk-2' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'counter.not-the-clerk',
    });
    expect(
      await noShow.execute({ tenantId: 'default', ticketId: c.p001.id, clerkId: 'clerk-9' }),
    ).toMatchObject({
      state: 'no-show',
      caseReference: null,
    });
    expect(c.outbox.events('CounterVisitEnded')[0].payload).toMatchObject({
      outcome: 'no-show',
      caseReference: null,
    });
  });
});
