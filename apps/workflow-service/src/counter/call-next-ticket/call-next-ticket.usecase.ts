import { Inject, Injectable } from '@nestjs/common';
import { Outbox, Transaction } from '@city/platform-database';
import { noWorkProfile } from '../../agents/agent-errors';
import { AgentRepository } from '../../agents/agent.repository';
import { CLOCK, type Clock } from '../../clock';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { officeOf } from '../counter-desk';
import type { CounterTicket } from '../counter-ticket.entity';
import { CounterTicketRepository } from '../counter-ticket.repository';
import { ticketChanged } from '../ticket-changed.fact';

export interface CallNextTicket {
  tenantId: string;
  office: string;
  clerkId: string;
  /** The counter the clerk calls to (what the screen shows). */
  counter: string;
}

/** The next free clerk calls the longest-waiting ticket of the queues their profile covers, at their office. */
@Injectable()
export class CallNextTicketUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly agents: AgentRepository,
    private readonly tickets: CounterTicketRepository,
    private readonly outbox: Outbox,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The ticket now called, or null when nobody waits for this clerk. */
  async execute(c: CallNextTicket): Promise<CounterTicket | null> {
    officeOf(this.routing.of(c.tenantId), c.office);
    return this.tx.run(async () => {
      const clerk = await this.agents.find(c.tenantId, c.clerkId);
      if (!clerk) throw noWorkProfile(c.clerkId);
      const t = await this.tickets.lockNextWaiting(c.tenantId, c.office, clerk.queues);
      if (!t) return null;
      const now = this.clock.now();
      Object.assign(t, { state: 'called', clerkId: c.clerkId, counter: c.counter, calledAt: now });
      const saved = await this.tickets.save(t);
      await this.outbox.enqueue([ticketChanged(saved, now, null)]);
      return saved;
    });
  }
}
