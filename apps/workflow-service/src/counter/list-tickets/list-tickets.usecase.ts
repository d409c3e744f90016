import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { localDay, officeOf } from '../counter-desk';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';

export interface ListTickets {
  tenantId: string;
  office: string;
  state: 'waiting' | 'called';
}

/**
 * An office's tickets in a state, in turn (the oldest first), for the clerks' console. Waiting: every
 * ticket still waiting, whatever its day, as "call next" would take them. Called: today's (the city's
 * local day), as the screen above the counters shows them; a ticket called on an earlier day and
 * never ended is not in it.
 */
@Injectable()
export class ListTicketsUseCase {
  constructor(
    private readonly tickets: CounterTicketRepository,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ tenantId, office, state }: ListTickets): Promise<CounterTicket[]> {
    officeOf(this.routing.of(tenantId), office);
    const day = state === 'called' ? localDay(this.routing.of(tenantId), this.clock.now()) : null;
    return this.tickets.inState(tenantId, office, state, day);
  }
}
