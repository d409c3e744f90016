import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { countersOf, localDay, officeOf } from '../counter-desk';
import { CounterTicketRepository } from '../counter-ticket.repository';

/** The screen of an office: who is called to which counter, and how many wait in each queue. */
@Injectable()
export class ShowBoardUseCase {
  constructor(
    private readonly tickets: CounterTicketRepository,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tenantId: string, officeId: string) {
    const office = officeOf(this.routing.of(tenantId), officeId);
    const tickets = await this.tickets.ofDay(
      tenantId,
      officeId,
      localDay(this.routing.of(tenantId), this.clock.now()),
    );
    return {
      office,
      called: tickets
        .filter((t) => t.state === 'called')
        .map((t) => ({ ticket: t.display, counter: t.counter })),
      queues: countersOf(this.routing.of(tenantId)).queues.map((q) => ({
        queue: q.id,
        letter: q.letter,
        waiting: tickets.filter((t) => t.state === 'waiting' && t.queue === q.id).length,
      })),
    };
  }
}
