import { z } from 'zod';
import { EventContract, EventEnvelope } from '../envelope';

/**
 * Facts about the people at work and the town-hall counters' tickets, for the live operations view.
 * Topic: workforce.events.v1, written by the workflow-service (through its outbox), read by the
 * ops-monitor. They are operational state, not case facts: no consumer of the case or workflow
 * streams needs to know them, and they carry no personal data of a citizen (a ticket's contact stays
 * in the workflow-service and on CounterVisitEnded). Each fact carries the whole state of what it is
 * about, so folding the newest one per agent or ticket is all a reader has to do.
 */
const at = z.iso.datetime({ offset: true });

const envelopeExample = <T extends string, P>(type: T, eventId: string, payload: P) => ({
  eventId,
  type,
  version: 1,
  occurredAt: '2026-11-30T09:02:00.000Z',
  tenantId: 'default',
  correlationId: eventId,
  causationId: null,
  payload,
});

/**
 * An agent or clerk reported being at work (the console does every 60 s while it is open). They count
 * as signed in until `signedInUntil`: the report's time plus a window that lets one report be late or
 * lost. `queues` and `capacity` are their work profile then. Keyed by agent id.
 */
export const AGENT_PRESENCE_REPORTED = 'AgentPresenceReported' as const;
export const agentPresenceReportedV1PayloadSchema = z.object({
  agentId: z.string().min(1),
  queues: z.array(z.string()),
  capacity: z.number().int().min(0),
  seenAt: at,
  signedInUntil: at,
});
export type AgentPresenceReportedV1 = EventEnvelope<
  typeof AGENT_PRESENCE_REPORTED,
  z.infer<typeof agentPresenceReportedV1PayloadSchema>
>;
export const agentPresenceReportedV1: EventContract<
  typeof AGENT_PRESENCE_REPORTED,
  z.infer<typeof agentPresenceReportedV1PayloadSchema>
> = {
  type: AGENT_PRESENCE_REPORTED,
  version: 1,
  schema: agentPresenceReportedV1PayloadSchema,
  example: envelopeExample(AGENT_PRESENCE_REPORTED, '2c1b0a99-8877-4665-9544-332211009988', {
    agentId: 'agent-17',
    queues: ['highways-north', 'waste'],
    capacity: 5,
    seenAt: '2026-11-30T09:02:00.000Z',
    signedInUntil: '2026-11-30T09:04:00.000Z',
  }),
};

/** A counter ticket's states: waiting for a clerk, called to a counter, served, or not come when called. */
export const COUNTER_TICKET_STATES = ['waiting', 'called', 'done', 'no-show'] as const;

/**
 * A counter ticket was taken, called, sent on to another queue (waiting again) or ended: its state
 * after the change, at `changedAt`. `day` is the city's local date the number belongs to.
 * `estimatedWaitMinutes` is what the citizen was told while it waits (null once called). Keyed by
 * ticket id.
 */
export const COUNTER_TICKET_CHANGED = 'CounterTicketChanged' as const;
export const counterTicketChangedV1PayloadSchema = z.object({
  ticketId: z.uuid(),
  ticket: z.string().regex(/^[A-Z]\d{3,}$/),
  office: z.string().min(1),
  queue: z.string().min(1),
  day: z.iso.date(),
  serviceCode: z.string().nullable(),
  state: z.enum(COUNTER_TICKET_STATES),
  issuedAt: at,
  calledAt: at.nullable(),
  clerkId: z.string().nullable(),
  counter: z.string().nullable(),
  endedAt: at.nullable(),
  changedAt: at,
  estimatedWaitMinutes: z.number().int().min(0).nullable(),
});
export type CounterTicketChangedV1Payload = z.infer<typeof counterTicketChangedV1PayloadSchema>;
export type CounterTicketChangedV1 = EventEnvelope<
  typeof COUNTER_TICKET_CHANGED,
  CounterTicketChangedV1Payload
>;
export const counterTicketChangedV1: EventContract<
  typeof COUNTER_TICKET_CHANGED,
  CounterTicketChangedV1Payload
> = {
  type: COUNTER_TICKET_CHANGED,
  version: 1,
  schema: counterTicketChangedV1PayloadSchema,
  example: envelopeExample(COUNTER_TICKET_CHANGED, '3d2c1b0a-9988-4776-8655-443322110099', {
    ticketId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    ticket: 'P007',
    office: 'town-hall',
    queue: 'counter-parking',
    day: '2026-11-30',
    serviceCode: 'parking-permit',
    state: 'waiting' as const,
    issuedAt: '2026-11-30T09:02:00.000Z',
    calledAt: null,
    clerkId: null,
    counter: null,
    endedAt: null,
    changedAt: '2026-11-30T09:02:00.000Z',
    estimatedWaitMinutes: 16,
  }),
};

export type WorkforceFactV1 = AgentPresenceReportedV1 | CounterTicketChangedV1;
export const WORKFORCE_FACTS_V1 = [agentPresenceReportedV1, counterTicketChangedV1] as const;

/** How far back "clerks serving a queue now" looks: those who called one of its tickets in these minutes. */
export const COUNTER_ACTIVE_CLERK_MINUTES = 30;

/**
 * The counters' estimate of a wait, as the desk tells a citizen and the operations view shows an
 * office: the tickets ahead plus this one, times the minutes a visit takes (the day's average, or the
 * city's default before the day has one), over the clerks serving the queue (at least one).
 */
export const estimateCounterWait = (f: { ahead: number; minutesPerVisit: number; clerks: number }): number =>
  Math.round(((f.ahead + 1) * f.minutesPerVisit) / Math.max(1, f.clerks));
