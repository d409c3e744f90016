import { z } from 'zod';
import { EventContract, EventEnvelope } from '../envelope';
import { REFERENCE_PATTERN } from '../reference';

/**
 * A visit to a town-hall counter ended: the citizen was served (and perhaps a case opened or worked),
 * or did not come when called. Topic: workflow.events.v1, keyed by the ticket id. The case record
 * keeps it as a counter-visit interaction on the citizen and the case.
 */
export const COUNTER_VISIT_ENDED = 'CounterVisitEnded' as const;

export const counterVisitEndedV1PayloadSchema = z.object({
  ticketId: z.uuid(),
  ticket: z.string().regex(/^[A-Z]\d{3}$/),
  office: z.string(),
  counter: z.string().nullable(),
  queue: z.string(),
  serviceCode: z.string().nullable(),
  clerkId: z.string().nullable(),
  outcome: z.enum(['served', 'no-show']),
  caseReference: z.string().regex(REFERENCE_PATTERN).nullable(),
  contact: z.object({ email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  issuedAt: z.iso.datetime({ offset: true }),
  calledAt: z.iso.datetime({ offset: true }).nullable(),
  endedAt: z.iso.datetime({ offset: true }),
  waitedMinutes: z.number().min(0).nullable(),
});
export type CounterVisitEndedV1Payload = z.infer<typeof counterVisitEndedV1PayloadSchema>;
export type CounterVisitEndedV1 = EventEnvelope<typeof COUNTER_VISIT_ENDED, CounterVisitEndedV1Payload>;

export const counterVisitEndedV1: EventContract<typeof COUNTER_VISIT_ENDED, CounterVisitEndedV1Payload> = {
  type: COUNTER_VISIT_ENDED,
  version: 1,
  schema: counterVisitEndedV1PayloadSchema,
  example: {
    eventId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    type: COUNTER_VISIT_ENDED,
    version: 1,
    occurredAt: '2026-11-30T10:12:00.000Z',
    tenantId: 'default',
    correlationId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    causationId: null,
    payload: {
      ticketId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      ticket: 'P007',
      office: 'town-hall',
      counter: '3',
      queue: 'counter-parking',
      serviceCode: 'parking-permit',
      clerkId: 'clerk-2',
      outcome: 'served',
      caseReference: 'EA49-HVS1-TVR',
      contact: { email: 'anna@example.org', phone: null },
      issuedAt: '2026-11-30T09:51:00.000Z',
      calledAt: '2026-11-30T10:02:00.000Z',
      endedAt: '2026-11-30T10:12:00.000Z',
      waitedMinutes: 11,
    },
  },
};
