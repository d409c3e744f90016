import type { DataSubject } from '@city/contracts';
import type { CounterTicket, TicketState } from './counter-ticket.entity';

/** What an estimate of the wait is made of. */
export interface WaitFigures {
  /** Tickets of the queue waiting ahead of this one. */
  ahead: number;
  /** Today's average minutes per visit in the queue; null until the day has figures. */
  minutesPerVisit: number | null;
  /** Clerks who called a ticket of the queue since the given moment. */
  clerks: number;
}

/** Tickets at the town-hall counters, as the use cases need them. */
export abstract class CounterTicketRepository {
  /** The highest number handed out today in an office with a queue's letter (0 when none yet). */
  abstract lastNumber(tenantId: string, office: string, day: string, letter: string): Promise<number>;
  /** Adds a ticket; it comes back with its id. */
  abstract add(ticket: Omit<CounterTicket, 'id'>): Promise<CounterTicket>;
  abstract waitFigures(ticket: CounterTicket, clerksSince: Date): Promise<WaitFigures>;
  /**
   * The longest-waiting ticket of these queues at an office, locked for the transaction under way;
   * a ticket another clerk's call holds is skipped.
   */
  abstract lockNextWaiting(tenantId: string, office: string, queues: string[]): Promise<CounterTicket | null>;
  /** A ticket, locked for the transaction under way. */
  abstract lock(tenantId: string, id: string): Promise<CounterTicket | null>;
  abstract find(tenantId: string, id: string): Promise<CounterTicket | null>;
  abstract save(ticket: CounterTicket): Promise<CounterTicket>;
  /** An office's tickets in a state (of one local day, when given), in turn: the oldest first. */
  abstract inState(
    tenantId: string,
    office: string,
    state: TicketState,
    day: string | null,
  ): Promise<CounterTicket[]>;
  /** An office's tickets of a day, in the order they were taken. */
  abstract ofDay(tenantId: string, office: string, day: string): Promise<CounterTicket[]>;
  /**
   * A city's tickets of a data subject (docs/personal-data.md): those that left one of their email
   * addresses or phone numbers to be called by, or that name one of their cases; oldest first.
   */
  abstract ofSubject(tenantId: string, subject: DataSubject): Promise<CounterTicket[]>;
}
