import type { DataSubject } from '@city/contracts';
import { randomUUID } from 'node:crypto';
import { CounterTicket, type TicketState } from './counter-ticket.entity';
import { CounterTicketRepository, type WaitFigures } from './counter-ticket.repository';

const copy = (t: CounterTicket): CounterTicket =>
  Object.assign(new CounterTicket(), { ...t, contact: t.contact ? { ...t.contact } : null });
/** In turn: by the time taken, then by number (P999 before P1000). */
const inTurn = (a: CounterTicket, b: CounterTicket) =>
  a.issuedAt.getTime() - b.issuedAt.getTime() ||
  a.display.length - b.display.length ||
  (a.display < b.display ? -1 : a.display > b.display ? 1 : 0);

/** CounterTicketRepository in memory, for use cases' unit tests. */
export class InMemoryCounterTicketRepository extends CounterTicketRepository {
  readonly rows = new Map<string, CounterTicket>();

  get(id: string): CounterTicket | undefined {
    return this.rows.get(id);
  }

  async lastNumber(tenantId: string, office: string, day: string, letter: string): Promise<number> {
    const numbers = [...this.rows.values()]
      .filter(
        (t) =>
          t.tenantId === tenantId && t.office === office && t.day === day && t.display.startsWith(letter),
      )
      .map((t) => Number(t.display.slice(1)));
    return Math.max(0, ...numbers);
  }

  async add(ticket: Omit<CounterTicket, 'id'>): Promise<CounterTicket> {
    const t = Object.assign(new CounterTicket(), { ...ticket, id: randomUUID() });
    this.rows.set(t.id, copy(t));
    return t;
  }

  async waitFigures(t: CounterTicket, clerksSince: Date): Promise<WaitFigures> {
    const queue = [...this.rows.values()].filter(
      (x) => x.tenantId === t.tenantId && x.office === t.office && x.queue === t.queue,
    );
    const visits = queue
      .filter((x) => x.day === t.day && x.state === 'done')
      .flatMap((x) =>
        x.calledAt && x.endedAt ? [(x.endedAt.getTime() - x.calledAt.getTime()) / 60_000] : [],
      );
    return {
      ahead: queue.filter((x) => x.state === 'waiting' && inTurn(x, t) < 0).length,
      minutesPerVisit: visits.length === 0 ? null : visits.reduce((a, b) => a + b, 0) / visits.length,
      clerks: new Set(
        queue.filter((x) => x.calledAt && x.calledAt > clerksSince && x.clerkId).map((x) => x.clerkId),
      ).size,
    };
  }

  async lockNextWaiting(tenantId: string, office: string, queues: string[]): Promise<CounterTicket | null> {
    const next = [...this.rows.values()]
      .filter(
        (t) =>
          t.tenantId === tenantId && t.office === office && t.state === 'waiting' && queues.includes(t.queue),
      )
      .sort(inTurn)[0];
    return next ? copy(next) : null;
  }

  async lock(tenantId: string, id: string): Promise<CounterTicket | null> {
    return this.find(tenantId, id);
  }

  async find(tenantId: string, id: string): Promise<CounterTicket | null> {
    const t = this.rows.get(id);
    return t && t.tenantId === tenantId ? copy(t) : null;
  }

  async save(ticket: CounterTicket): Promise<CounterTicket> {
    this.rows.set(ticket.id, copy(ticket));
    return ticket;
  }

  async inState(
    tenantId: string,
    office: string,
    state: TicketState,
    day: string | null,
  ): Promise<CounterTicket[]> {
    return [...this.rows.values()]
      .filter(
        (t) =>
          t.tenantId === tenantId &&
          t.office === office &&
          t.state === state &&
          (day === null || t.day === day),
      )
      .sort(inTurn)
      .map(copy);
  }

  async ofDay(tenantId: string, office: string, day: string): Promise<CounterTicket[]> {
    return [...this.rows.values()]
      .filter((t) => t.tenantId === tenantId && t.office === office && t.day === day)
      .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())
      .map(copy);
  }

  async ofSubject(tenantId: string, s: DataSubject): Promise<CounterTicket[]> {
    const held = (kind: 'email' | 'phone', v: string | null | undefined) =>
      v != null && s.contacts.some((c) => c.kind === kind && c.value === v);
    return [...this.rows.values()]
      .filter(
        (t) =>
          t.tenantId === tenantId &&
          (held('email', t.contact?.email) ||
            held('phone', t.contact?.phone) ||
            (t.caseReference !== null && s.caseReferences.includes(t.caseReference))),
      )
      .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())
      .map(copy);
  }
}
