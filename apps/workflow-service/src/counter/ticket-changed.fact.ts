import { counterTicketChangedV1, createEnvelope, TOPICS } from '@city/contracts';
import type { OutboxItem } from '@city/platform-database';
import type { CounterTicket } from './counter-ticket.entity';

/**
 * A ticket's state after a change, for the operations view (workforce.events.v1, keyed by the ticket):
 * enqueued in the transaction that changed it. The citizen's contact stays here.
 */
export const ticketChanged = (
  t: CounterTicket,
  changedAt: Date,
  estimatedWaitMinutes: number | null,
): OutboxItem => ({
  topic: TOPICS.workforceEvents,
  key: t.id,
  event: createEnvelope(counterTicketChangedV1, {
    tenantId: t.tenantId,
    correlationId: t.id,
    occurredAt: changedAt,
    payload: {
      ticketId: t.id,
      ticket: t.display,
      office: t.office,
      queue: t.queue,
      day: t.day,
      serviceCode: t.serviceCode,
      state: t.state,
      issuedAt: t.issuedAt.toISOString(),
      calledAt: t.calledAt?.toISOString() ?? null,
      clerkId: t.clerkId,
      counter: t.counter,
      endedAt: t.endedAt?.toISOString() ?? null,
      changedAt: changedAt.toISOString(),
      estimatedWaitMinutes: t.state === 'waiting' ? estimatedWaitMinutes : null,
    },
  }),
});
