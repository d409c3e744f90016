import { CallNextTicketUseCase } from '../call-next-ticket/call-next-ticket.usecase';
import { counterInMemory } from '../in-memory-counter';
import { ShowBoardUseCase } from './show-board.usecase';

describe("an office's screen", () => {
  it("shows who is called to which counter and how many wait in each queue, today's only", async () => {
    const c = await counterInMemory();
    const board = new ShowBoardUseCase(c.tickets, c.routing, c.clock);
    await new CallNextTicketUseCase(c.tx, c.agents, c.tickets, c.outbox, c.routing, c.clock).execute({
      tenantId: 'default',
      office: 'town-hall',
      clerkId: 'clerk-9',
      counter: '3',
    });
    expect(await board.execute('default', 'town-hall')).toEqual({
      office: { id: 'town-hall', name: 'Stadhuis Coolsingel' },
      called: [{ ticket: 'P001', counter: '3' }],
      queues: [
        { queue: 'counter-general', letter: 'A', waiting: 1 },
        { queue: 'counter-parking', letter: 'P', waiting: 0 },
        { queue: 'counter-civil', letter: 'B', waiting: 0 },
      ],
    });
    c.clock.advance(24 * 3600_000);
    expect((await board.execute('default', 'town-hall')).called).toEqual([]);
  });
});
