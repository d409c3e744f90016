import { counterInMemory } from '../in-memory-counter';
import { CallNextTicketUseCase } from './call-next-ticket.usecase';

describe('calling the next ticket', () => {
  const setup = async () => {
    const c = await counterInMemory();
    return {
      ...c,
      callNext: new CallNextTicketUseCase(c.tx, c.agents, c.tickets, c.outbox, c.routing, c.clock),
    };
  };
  const call = (clerkId: string, office = 'town-hall') => ({
    tenantId: 'default',
    office,
    clerkId,
    counter: '3',
  });

  it("calls the longest-waiting ticket of the clerk's queues to their counter", async () => {
    const { callNext, clock, tickets, outbox, p001, a001 } = await setup();
    expect(await callNext.execute(call('clerk-9'))).toMatchObject({
      id: p001.id,
      state: 'called',
      clerkId: 'clerk-9',
      counter: '3',
      calledAt: clock.now(),
    });
    expect(tickets.get(p001.id)!.state).toBe('called');
    expect(outbox.events('CounterTicketChanged').at(-1)).toMatchObject({
      payload: {
        ticketId: p001.id,
        state: 'called',
        clerkId: 'clerk-9',
        counter: '3',
        estimatedWaitMinutes: null,
      },
    });
    expect((await callNext.execute(call('clerk-9')))!.id).toBe(a001.id);
    expect(await callNext.execute(call('clerk-9'))).toBeNull();
  });

  it('calls nobody for a clerk whose queues nobody waits in; refuses a clerk without a profile or an unknown office', async () => {
    const { callNext } = await setup();
    expect(await callNext.execute(call('clerk-2'))).toBeNull();
    await expect(callNext.execute(call('clerk-0'))).rejects.toMatchObject({
      kind: 'not-found',
      code: 'agents.no-profile',
    });
    await expect(callNext.execute(call('clerk-9', 'mars'))).rejects.toMatchObject({
      code: 'counter.no-office',
    });
  });
});
