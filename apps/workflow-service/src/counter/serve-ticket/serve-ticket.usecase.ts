import { Inject, Injectable } from '@nestjs/common';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';
import { endVisit, type EndVisit } from '../end-visit';

/** The clerk who called a ticket has served the citizen (with the case the visit opened or concerned, if any). */
@Injectable()
export class ServeTicketUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly tickets: CounterTicketRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: EndVisit & { caseReference: string | null }): Promise<CounterTicket> {
    return endVisit(
      { tx: this.tx, tickets: this.tickets, outbox: this.outbox, clock: this.clock },
      c,
      'served',
      c.caseReference,
    );
  }
}
