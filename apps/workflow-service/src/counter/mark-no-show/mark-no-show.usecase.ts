import { Inject, Injectable } from '@nestjs/common';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';
import { endVisit, type EndVisit } from '../end-visit';

/** The citizen did not come when called: the visit ends as a no-show (not a contact). */
@Injectable()
export class MarkNoShowUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly tickets: CounterTicketRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: EndVisit): Promise<CounterTicket> {
    return endVisit(
      { tx: this.tx, tickets: this.tickets, outbox: this.outbox, clock: this.clock },
      c,
      'no-show',
      null,
    );
  }
}
