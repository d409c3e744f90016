import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingConfig } from '../../routing/routing-config';
import { ROUTING_CONFIG } from '../../routing/routing.tokens';
import { countersOf, localDay, officeOf } from '../counter-desk';
import { CounterTicketRepository } from '../counter-ticket.repository';

/** The screen of an office: who is called to which counter, and how many wait in each queue. */
@Injectable()
export class ShowBoardUseCase {
  constructor(
    private readonly tickets: CounterTicketRepository,
    @Inject(ROUTING_CONFIG) private readonly routing: RoutingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tenantId: string, officeId: string) {
    const office = officeOf(this.routing, officeId);
    const tickets = await this.tickets.ofDay(tenantId, officeId, localDay(this.routing, this.clock.now()));
    return {
      office,
      called: tickets
        .filter((t) => t.state === 'called')
        .map((t) => ({ ticket: t.display, counter: t.counter })),
      queues: countersOf(this.routing).queues.map((q) => ({
        queue: q.id,
        letter: q.letter,
        waiting: tickets.filter((t) => t.state === 'waiting' && t.queue === q.id).length,
      })),
    };
  }
}
