import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { estimateWait, noTicket } from '../counter-desk';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';

/** A citizen's ticket as it stands, with the estimated wait while it waits. */
@Injectable()
export class GetTicketUseCase {
  constructor(
    private readonly tickets: CounterTicketRepository,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    tenantId: string,
    id: string,
  ): Promise<{ ticket: CounterTicket; estimatedWaitMinutes: number }> {
    const ticket = await this.tickets.find(tenantId, id);
    if (!ticket) throw noTicket(id);
    return {
      ticket,
      estimatedWaitMinutes:
        ticket.state === 'waiting'
          ? await estimateWait(this.tickets, this.routing.of(tenantId), this.clock, ticket)
          : 0,
    };
  }
}
