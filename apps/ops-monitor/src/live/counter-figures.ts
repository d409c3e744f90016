import { estimateCounterWait, type CounterQueueFigures } from '@city/contracts';
import type { CounterOffices } from './counter-offices';

/** One office's queue as the read model counts it now (today's figures by the city's local day). */
export interface CounterQueueCounts {
  office: string;
  queue: string;
  waiting: number;
  serving: number;
  oldestWaitingSince: string | null;
  /** Clerks who called one of the queue's tickets in the last COUNTER_ACTIVE_CLERK_MINUTES. */
  clerks: number;
  /** Today's average minutes from call to end of the visits served; null before the first. */
  minutesPerVisitToday: number | null;
  servedToday: number;
  noShowsToday: number;
  /** Today's average minutes from ticket to call. */
  averageWaitTodayMinutes: number | null;
}

/**
 * Every office and queue the city configures (those without a ticket at zero, so a quiet counter
 * still shows), in the routing file's order, with the wait a ticket taken now would likely have: the
 * desk's own estimate, from the same figures.
 */
export function counterFigures(config: CounterOffices, counts: CounterQueueCounts[]): CounterQueueFigures[] {
  const names = new Map(config.offices.map((o) => [o.id, o.name]));
  const byKey = new Map(counts.map((c) => [`${c.office}\u0000${c.queue}`, c]));
  const keys = [
    ...config.offices.flatMap((o) => config.queues.map((q) => `${o.id}\u0000${q}`)),
    ...counts.map((c) => `${c.office}\u0000${c.queue}`),
  ];
  return [...new Set(keys)].map((key) => {
    const [office, queue] = key.split('\u0000') as [string, string];
    const c = byKey.get(key);
    const minutesPerVisit = c?.minutesPerVisitToday ?? config.minutesPerVisit;
    const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
    return {
      office,
      officeName: names.get(office) ?? office,
      queue,
      waiting: c?.waiting ?? 0,
      serving: c?.serving ?? 0,
      oldestWaitingSince: c?.oldestWaitingSince ?? null,
      clerks: c?.clerks ?? 0,
      minutesPerVisit: round1(minutesPerVisit)!,
      // A ticket taken now: everyone waiting is ahead of it.
      estimatedWaitMinutes: estimateCounterWait({
        ahead: c?.waiting ?? 0,
        minutesPerVisit,
        clerks: c?.clerks ?? 0,
      }),
      servedToday: c?.servedToday ?? 0,
      noShowsToday: c?.noShowsToday ?? 0,
      averageWaitTodayMinutes: round1(c?.averageWaitTodayMinutes ?? null),
    };
  });
}
