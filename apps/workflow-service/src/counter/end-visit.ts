import { counterVisitEndedV1, createEnvelope, DomainError, TOPICS } from '@city/contracts';
import type { Outbox, Transaction } from '@city/platform-database';
import type { Clock } from '../clock';
import type { CounterTicket } from './counter-ticket.entity';
import type { CounterTicketRepository } from './counter-ticket.repository';
import { ticketChanged } from './ticket-changed.fact';
import { ticketToChange } from './counter-desk';

export interface EndVisit {
  tenantId: string;
  ticketId: string;
  clerkId: string;
}

/**
 * A visit ends (served, or the citizen did not come): only a called ticket, only by the clerk who
 * called it; CounterVisitEnded goes out, and the case record keeps it as a counter-visit interaction.
 */
export function endVisit(
  deps: { tx: Transaction; tickets: CounterTicketRepository; outbox: Outbox; clock: Clock },
  { tenantId, ticketId, clerkId }: EndVisit,
  outcome: 'served' | 'no-show',
  caseReference: string | null,
): Promise<CounterTicket> {
  return deps.tx.run(async () => {
    const t = await ticketToChange(deps.tickets, tenantId, ticketId);
    if (t.state !== 'called')
      throw DomainError.conflict(
        'counter.ticket-not-called',
        `Ticket ${t.display} is ${t.state}; only a called ticket can end.`,
      );
    if (t.clerkId !== clerkId)
      throw DomainError.conflict('counter.not-the-clerk', `Ticket ${t.display} was called by ${t.clerkId}.`, [
        { field: 'clerkId', reason: 'not the clerk who called it' },
      ]);
    const now = deps.clock.now();
    Object.assign(t, { state: outcome === 'served' ? 'done' : 'no-show', endedAt: now, caseReference });
    await deps.tickets.save(t);
    await deps.outbox.enqueue([
      {
        topic: TOPICS.workflowEvents,
        key: t.id,
        event: createEnvelope(counterVisitEndedV1, {
          tenantId,
          correlationId: t.id,
          payload: {
            ticketId: t.id,
            ticket: t.display,
            office: t.office,
            counter: t.counter,
            queue: t.queue,
            serviceCode: t.serviceCode,
            clerkId: t.clerkId,
            outcome,
            caseReference,
            contact: t.contact,
            issuedAt: t.issuedAt.toISOString(),
            calledAt: t.calledAt?.toISOString() ?? null,
            endedAt: now.toISOString(),
            waitedMinutes: t.calledAt
              ? Math.round((t.calledAt.getTime() - t.issuedAt.getTime()) / 60_000)
              : null,
          },
        }),
      },
      ticketChanged(t, now, null),
    ]);
    return t;
  });
}
