import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingConfig } from '../../routing/routing-config';
import { ROUTING_CONFIG } from '../../routing/routing.tokens';
import { estimateWait, noTicket } from '../counter-desk';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';

/** A citizen's ticket as it stands, with the estimated wait while it waits. */
@Injectable()
export class GetTicketUseCase {
  constructor(
    private readonly tickets: CounterTicketRepository,
    @Inject(ROUTING_CONFIG) private readonly routing: RoutingConfig,
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
        ticket.state === 'waiting' ? await estimateWait(this.tickets, this.routing, this.clock, ticket) : 0,
    };
  }
}
