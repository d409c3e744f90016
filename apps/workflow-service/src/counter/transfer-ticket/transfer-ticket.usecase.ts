import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { countersOf, estimateWait, ticketToChange } from '../counter-desk';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';
import { ticketChanged } from '../ticket-changed.fact';

export interface TransferTicket {
  tenantId: string;
  ticketId: string;
  clerkId: string;
  queue: string;
}

/** The clerk serving a ticket sends it on to another queue, keeping the place the citizen earned by waiting. */
@Injectable()
export class TransferTicketUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly tickets: CounterTicketRepository,
    private readonly outbox: Outbox,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: TransferTicket): Promise<CounterTicket> {
    const counters = countersOf(this.routing.of(c.tenantId));
    if (!counters.queues.some((q) => q.id === c.queue))
      throw DomainError.invalid('counter.no-such-queue', 'No such counter queue.', [
        { field: 'queue', reason: `one of ${counters.queues.map((q) => q.id).join(', ')}` },
      ]);
    return this.tx.run(async () => {
      const t = await ticketToChange(this.tickets, c.tenantId, c.ticketId);
      if (t.state !== 'called' || t.clerkId !== c.clerkId)
        throw DomainError.conflict(
          'counter.not-serving',
          `Ticket ${t.display} is not being served by ${c.clerkId}.`,
        );
      Object.assign(t, { state: 'waiting', queue: c.queue, clerkId: null, counter: null, calledAt: null });
      const saved = await this.tickets.save(t);
      const estimate = await estimateWait(this.tickets, this.routing.of(c.tenantId), this.clock, saved);
      await this.outbox.enqueue([ticketChanged(saved, this.clock.now(), estimate)]);
      return saved;
    });
  }
}
