import { join } from 'node:path';
import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { InMemoryAgentRepository } from '../agents/in-memory-agent.repository';
import { loadRoutingConfig } from '../routing/routing-config';
import { RoutingBook } from '../routing/routing-book';
import { InMemoryCounterTicketRepository } from './in-memory-counter-ticket.repository';
import { TakeTicketUseCase } from './take-ticket/take-ticket.usecase';

/** The counters on in-memory repositories, for use cases' unit tests: the city's routing, two tickets waiting at the town hall. */
export async function counterInMemory() {
  const routing = RoutingBook.everywhere(
    loadRoutingConfig(join(__dirname, '../../../../catalogue/routing.yaml')),
  );
  const tickets = new InMemoryCounterTicketRepository();
  const agents = new InMemoryAgentRepository().with(
    { id: 'clerk-9', queues: ['counter-parking', 'counter-general'] },
    { id: 'clerk-2', queues: ['counter-civil'] },
  );
  const tx = new FakeTransaction();
  const outbox = new FakeOutbox();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  const take = new TakeTicketUseCase(tx, tickets, outbox, routing, clock);
  const p001 = (
    await take.execute({
      tenantId: 'default',
      office: 'town-hall',
      serviceCode: 'parking-permit',
      contact: null,
    })
  ).ticket;
  clock.advance(60_000);
  const a001 = (
    await take.execute({
      tenantId: 'default',
      office: 'town-hall',
      serviceCode: null,
      contact: { email: 'a@example.org', phone: null },
    })
  ).ticket;
  clock.advance(60_000);
  return { routing, tickets, agents, tx, outbox, clock, p001, a001 };
}
