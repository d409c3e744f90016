import { join } from 'node:path';
import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { loadRoutingConfig } from '../../routing/routing-config';
import { RoutingBook } from '../../routing/routing-book';
import { InMemoryCounterTicketRepository } from '../in-memory-counter-ticket.repository';
import { TakeTicketUseCase } from '../take-ticket/take-ticket.usecase';
import { GetTicketUseCase } from './get-ticket.usecase';

const routing = RoutingBook.everywhere(
  loadRoutingConfig(join(__dirname, '../../../../../catalogue/routing.yaml')),
);

describe("a citizen's ticket", () => {
  it('shows the wait while it waits, none after', async () => {
    const tickets = new InMemoryCounterTicketRepository();
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    const take = new TakeTicketUseCase(new FakeTransaction(), tickets, new FakeOutbox(), routing, clock);
    const get = new GetTicketUseCase(tickets, routing, clock);
    const first = await take.execute({
      tenantId: 'default',
      office: 'zuid',
      serviceCode: null,
      contact: null,
    });
    clock.advance(60_000);
    const second = await take.execute({
      tenantId: 'default',
      office: 'zuid',
      serviceCode: null,
      contact: null,
    });
    expect((await get.execute('default', second.ticket.id)).estimatedWaitMinutes).toBe(16);
    tickets.get(first.ticket.id)!.state = 'done';
    expect((await get.execute('default', first.ticket.id)).estimatedWaitMinutes).toBe(0);
    expect((await get.execute('default', second.ticket.id)).estimatedWaitMinutes).toBe(8);
  });

  it('is not found by an id there is not', async () => {
    const get = new GetTicketUseCase(new InMemoryCounterTicketRepository(), routing, new FixedClock());
    await expect(get.execute('default', 'nope')).rejects.toMatchObject({
      kind: 'not-found',
      code: 'counter.no-ticket',
      message: 'No ticket nope.',
    });
  });
});
