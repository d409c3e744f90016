import { Inject, Injectable } from '@nestjs/common';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { countersOf, estimateWait, localDay, officeOf, queueOf } from '../counter-desk';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';
import { ticketChanged } from '../ticket-changed.fact';

export interface TakeTicket {
  tenantId: string;
  office: string;
  /** The service the citizen comes for, if they said; it chooses the queue. */
  serviceCode: string | null;
  /** To keep the visit on the citizen's record (optional). */
  contact: CounterTicket['contact'];
}

/**
 * A citizen takes a ticket for a service at an office: numbered per office, queue and local day
 * (A001), with an estimated wait; the operations view hears of it (CounterTicketChanged).
 */
@Injectable()
export class TakeTicketUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly tickets: CounterTicketRepository,
    private readonly outbox: Outbox,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: TakeTicket): Promise<{ ticket: CounterTicket; estimatedWaitMinutes: number }> {
    officeOf(this.routing.of(c.tenantId), c.office);
    const queue = queueOf(countersOf(this.routing.of(c.tenantId)), c.serviceCode);
    return this.tx.run(async () => {
      const now = this.clock.now();
      const day = localDay(this.routing.of(c.tenantId), now);
      // Numbers are handed out one at a time per office, queue and day. They keep growing all day
      // (P999, then P1000): the number is the ticket's identity for the day (unique per office), so
      // it never starts again at P001 while a citizen may still hold the morning's P001.
      await this.tx.lock([`${c.tenantId}/ticket/${c.office}/${day}/${queue.id}`]);
      const last = await this.tickets.lastNumber(c.tenantId, c.office, day, queue.letter);
      const ticket = await this.tickets.add({
        tenantId: c.tenantId,
        office: c.office,
        queue: queue.id,
        day,
        display: `${queue.letter}${String(last + 1).padStart(3, '0')}`,
        serviceCode: c.serviceCode,
        state: 'waiting',
        contact: c.contact,
        issuedAt: now,
        calledAt: null,
        clerkId: null,
        counter: null,
        endedAt: null,
        caseReference: null,
      });
      const estimatedWaitMinutes = await estimateWait(
        this.tickets,
        this.routing.of(c.tenantId),
        this.clock,
        ticket,
      );
      await this.outbox.enqueue([ticketChanged(ticket, now, estimatedWaitMinutes)]);
      return { ticket, estimatedWaitMinutes };
    });
  }
}
