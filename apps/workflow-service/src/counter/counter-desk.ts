import { DateTime } from 'luxon';
import { COUNTER_ACTIVE_CLERK_MINUTES, DomainError, estimateCounterWait } from '@city/contracts';
import type { Clock } from '../clock';
import type { RoutingConfig } from '../routing/routing-config';
import type { CounterTicket } from './counter-ticket.entity';
import type { CounterTicketRepository, WaitFigures } from './counter-ticket.repository';

export type Counters = NonNullable<RoutingConfig['counters']>;

/** The city's counters; refused when it has none configured. */
export function countersOf(routing: RoutingConfig): Counters {
  if (!routing.counters)
    throw DomainError.notFound(
      'counter.not-configured',
      'This city has no counters configured (routing.yaml: counters).',
    );
  return routing.counters;
}

/** An office of the city's counters; refused when there is no such office. */
export function officeOf(routing: RoutingConfig, id: string): Counters['offices'][number] {
  const counters = countersOf(routing);
  const o = counters.offices.find((x) => x.id === id);
  if (!o)
    throw DomainError.notFound('counter.no-office', `No office ${id}.`, [
      { field: 'office', reason: `one of ${counters.offices.map((x) => x.id).join(', ')}` },
    ]);
  return o;
}

/** The queue a service's tickets go to (the default queue for a service no queue lists, or none). */
export function queueOf(counters: Counters, serviceCode: string | null): Counters['queues'][number] {
  return (
    counters.queues.find((q) => serviceCode !== null && q.services.includes(serviceCode)) ??
    counters.queues.find((q) => q.id === counters.defaultQueue)!
  );
}

/** The local date (of the city's calendar) a moment falls on: the day ticket numbers belong to. */
export const localDay = (routing: RoutingConfig, at: Date): string =>
  DateTime.fromJSDate(at, { zone: routing.calendar.timeZone }).toISODate()!;

/** Minutes until a waiting ticket is likely called (the estimate the operations view shows per office too). */
export const minutesToWait = (f: WaitFigures, defaultMinutesPerVisit: number): number =>
  estimateCounterWait({ ...f, minutesPerVisit: f.minutesPerVisit ?? defaultMinutesPerVisit });

/** A waiting ticket's estimated wait now, from today's figures of its queue. */
export async function estimateWait(
  tickets: CounterTicketRepository,
  routing: RoutingConfig,
  clock: Clock,
  t: CounterTicket,
): Promise<number> {
  const since = new Date(clock.now().getTime() - COUNTER_ACTIVE_CLERK_MINUTES * 60_000);
  return minutesToWait(await tickets.waitFigures(t, since), countersOf(routing).minutesPerVisit);
}

/** A ticket to act on, locked; refused when there is none. */
export async function ticketToChange(
  tickets: CounterTicketRepository,
  tenantId: string,
  id: string,
): Promise<CounterTicket> {
  const t = await tickets.lock(tenantId, id);
  if (!t) throw noTicket(id);
  return t;
}

export const noTicket = (id: string): DomainError =>
  DomainError.notFound('counter.no-ticket', `No ticket ${id}.`);
