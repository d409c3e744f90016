import { DateTime } from 'luxon';
import { addBusinessMinutes, type BusinessCalendar, type Pause } from './business-calendar';

/** A service-level target as the catalogue states it, e.g. 5 working-days. */
export interface TargetSpec {
  value: number;
  unit: 'working-days' | 'working-hours' | 'calendar-days' | 'hours';
}

/** The length of a standard working day on a calendar: its most common daily hours, in minutes. */
export function standardDayMinutes(c: BusinessCalendar): number {
  const counts = new Map<number, number>();
  for (const hours of Object.values(c.week)) {
    const minutes = (hours ?? []).reduce((sum, h) => {
      const [a, b] = [h.start, h.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
      return sum + Math.max(0, b - a);
    }, 0);
    if (minutes > 0) counts.set(minutes, (counts.get(minutes) ?? 0) + 1);
  }
  const best = [...counts].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0];
  if (!best) throw new RangeError(`calendar ${c.id} has no working day`);
  return best[0];
}

/** Wall-clock time that stands still during pauses: `minutes` after `start`, plus every paused minute in between. */
function addWallMinutes(
  c: BusinessCalendar,
  start: Date,
  minutes: number,
  unit: 'calendar-days' | 'hours',
  pauses: Pause[],
): Date | null {
  // Calendar days keep the local time of day across a change of the clocks; hours are exact.
  const plain = (from: Date, m: number) =>
    unit === 'calendar-days'
      ? DateTime.fromJSDate(from, { zone: c.timeZone })
          .plus({ days: m / 1440 })
          .toJSDate()
      : new Date(from.getTime() + m * 60_000);
  let due = plain(start, minutes).getTime();
  const from = start.getTime();
  // Pauses in order of their start, each clipped to begin no earlier than `start`; one that begins
  // before the due time pushes it on by its whole length (and may bring later pauses into reach).
  const ordered = pauses
    .map((p) => ({ a: Math.max(p.from.getTime(), from), b: p.to?.getTime() ?? null }))
    .filter((p) => p.b === null || p.b > p.a)
    .sort((x, y) => x.a - y.a);
  let covered = from;
  for (const p of ordered) {
    if (p.a >= due) break;
    if (p.b === null) return null;
    const a = Math.max(p.a, covered); // overlapping pauses count once
    if (p.b > a) due += p.b - a;
    covered = Math.max(covered, p.b);
  }
  return new Date(due);
}

/**
 * When a target falls due from `start`, with the clock paused as given: working units on the
 * business calendar (a working day is the calendar's standard day), wall-clock units in real time.
 * The warning comes at `warnShare` of the time. Null while an open pause holds the clock.
 */
export function serviceLevelDue(
  c: BusinessCalendar,
  start: Date,
  target: TargetSpec,
  warnShare: number,
  pauses: Pause[] = [],
): { warnAt: Date | null; dueAt: Date | null } {
  if (!(warnShare > 0 && warnShare <= 1)) throw new RangeError('warnShare must be in (0, 1]');
  const at = (share: number): Date | null => {
    switch (target.unit) {
      case 'working-hours':
        return addBusinessMinutes(c, start, target.value * 60 * share, pauses);
      case 'working-days':
        return addBusinessMinutes(c, start, target.value * standardDayMinutes(c) * share, pauses);
      case 'hours':
        return addWallMinutes(c, start, target.value * 60 * share, 'hours', pauses);
      case 'calendar-days':
        return addWallMinutes(c, start, target.value * 1440 * share, 'calendar-days', pauses);
    }
  };
  return { warnAt: at(warnShare), dueAt: at(1) };
}
