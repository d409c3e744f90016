/** Where a counter ticket stands (workflow-service). */
export type CounterTicketState = 'waiting' | 'called' | 'done' | 'no-show';

/**
 * A town-hall counter ticket as the workflow-service's routes give it (`/api/v1/counters/...`):
 * the answer of a clerk's call-next, done, no-show and transfer, and each ticket of an office's list.
 */
export interface CounterTicketView {
  id: string;
  /** What the office's screen shows, e.g. A001 (kept on a transfer). */
  ticket: string;
  office: string;
  queue: string;
  /** The service code the citizen gave, or null. */
  service: string | null;
  state: CounterTicketState;
  counter: string | null;
  clerkId: string | null;
  issuedAt: string;
  calledAt: string | null;
  endedAt: string | null;
  caseReference: string | null;
}

/**
 * `POST /api/v1/counters/:office/tickets` (201, a citizen takes a ticket: at a kiosk, or from the
 * clerk at reception) and `GET /api/v1/counters/:office/tickets/:id`: the ticket and the estimated
 * wait in minutes (0 unless waiting).
 */
export interface CounterTicketWithWait extends CounterTicketView {
  estimatedWaitMinutes: number;
}

/** `GET /api/v1/counters`: the city's offices with counters. */
export interface CounterOfficesView {
  offices: Array<{ id: string; name: string }>;
}
