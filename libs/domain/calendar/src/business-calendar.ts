import { DateTime } from 'luxon';

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A stretch of a working day in local time, e.g. { start: '08:30', end: '12:30' }. */
export interface WorkingHours {
  start: string;
  end: string;
}

/**
 * When a city works: opening hours per weekday (several stretches, e.g. around lunch), public
 * holidays as local dates, all in the city's time zone. Service levels run on this clock only.
 */
export interface BusinessCalendar {
  id: string;
  /** IANA zone, e.g. Europe/Amsterdam. */
  timeZone: string;
  week: Partial<Record<Weekday, WorkingHours[]>>;
  /** Local dates (yyyy-MM-dd) on which nobody works. */
  holidays: string[];
}

/** A time when the clock stood still (waiting for the citizen). An open pause has no end yet. */
export interface Pause {
  from: Date;
  to: Date | null;
}

const MINUTE = 60_000;
/** How far ahead the arithmetic looks for working time before it gives up (a calendar with none). */
const HORIZON_DAYS = 3 * 366;
const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** What is wrong with a calendar, if anything (empty: it is usable). */
export function calendarProblems(c: BusinessCalendar): string[] {
  const out: string[] = [];
  if (!DateTime.local().setZone(c.timeZone).isValid)
    out.push(`timeZone: ${c.timeZone} is not an IANA time zone`);
  let any = false;
  for (const [day, hours] of Object.entries(c.week)) {
    for (const h of hours ?? []) {
      if (!HHMM.test(h.start) || !HHMM.test(h.end))
        out.push(`week.${day}: ${h.start}-${h.end} is not HH:mm-HH:mm`);
      else if (h.start >= h.end) out.push(`week.${day}: ${h.start}-${h.end} ends before it starts`);
      else any = true;
    }
  }
  if (!any) out.push('week: no working hours at all');
  for (const d of c.holidays)
    if (!DateTime.fromISO(d, { zone: c.timeZone }).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(d))
      out.push(`holidays: ${d} is not a date (yyyy-MM-dd)`);
  return out;
}

/**
 * The working stretches of one local day (yyyy-MM-dd) as UTC millisecond intervals, none on a
 * holiday. Zone arithmetic is the slow part of this module (Intl per offset), and a calendar's days
 * repeat across every case, so each day is worked out once per calendar and kept.
 */
const days = new WeakMap<BusinessCalendar, Map<string, Array<[number, number]>>>();
function workingDay(c: BusinessCalendar, isoDate: string, weekday: Weekday): Array<[number, number]> {
  let cache = days.get(c);
  if (!cache) days.set(c, (cache = new Map()));
  const known = cache.get(isoDate);
  if (known) return known;
  const out: Array<[number, number]> = c.holidays.includes(isoDate)
    ? []
    : (c.week[weekday] ?? []).map((h) => {
        const at = (hhmm: string) => {
          const [hour, minute] = hhmm.split(':').map(Number);
          // On the day the clocks go forward, a time in the gap moves on by the gap (luxon's rule).
          return DateTime.fromISO(isoDate, { zone: c.timeZone })
            .plus({ hours: hour, minutes: minute })
            .toMillis();
        };
        return [at(h.start), at(h.end)] as [number, number];
      });
  if (cache.size > 20_000) cache.clear(); // about fifty years of days; a bound, not a policy
  cache.set(isoDate, out);
  return out;
}

/** Cuts the paused spans out of [from, to). An open pause removes everything after its start. */
function withoutPauses(from: number, to: number, pauses: Pause[]): Array<[number, number]> {
  let parts: Array<[number, number]> = [[from, to]];
  for (const p of pauses) {
    const a = p.from.getTime();
    const b = p.to ? p.to.getTime() : Number.POSITIVE_INFINITY;
    parts = parts.flatMap(([x, y]): Array<[number, number]> => {
      if (b <= x || a >= y) return [[x, y]];
      const kept: Array<[number, number]> = [];
      if (a > x) kept.push([x, a]);
      if (b < y) kept.push([b, y]);
      return kept;
    });
  }
  return parts;
}

/** Every working, unpaused stretch from `start` on, in order, as UTC millisecond intervals. */
function* clock(c: BusinessCalendar, start: Date, pauses: Pause[]): Generator<[number, number]> {
  const from = start.getTime();
  // After an open pause begins, no working time will come: stop there, not at the horizon.
  const stopped = Math.min(...pauses.filter((p) => p.to === null).map((p) => p.from.getTime()));
  // The local date of `start` once (zone arithmetic); the days after it by plain date arithmetic.
  const first = DateTime.fromMillis(from, { zone: c.timeZone });
  const base = Date.UTC(first.year, first.month - 1, first.day);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const d = new Date(base + i * 86_400_000);
    const isoDate = d.toISOString().slice(0, 10);
    const stretches = workingDay(c, isoDate, (((d.getUTCDay() + 6) % 7) + 1) as Weekday);
    // A local day starts no earlier than 14 hours before its UTC date: past an open pause by then, stop.
    if (base + i * 86_400_000 - 14 * 3_600_000 >= stopped) return;
    for (const [a, b] of stretches) {
      if (b <= from) continue;
      for (const part of withoutPauses(Math.max(a, from), b, pauses)) yield part;
    }
  }
}

/**
 * The moment `minutes` of working time after `start`: outside working hours the clock waits for
 * the next opening, on holidays and weekends it stands still, and while paused it does not run.
 * Null when an open pause stops the clock before the time is used up (the due time is unknown until
 * the pause ends).
 */
export function addBusinessMinutes(
  c: BusinessCalendar,
  start: Date,
  minutes: number,
  pauses: Pause[] = [],
): Date | null {
  if (minutes < 0) throw new RangeError('minutes must not be negative');
  let left = minutes * MINUTE;
  for (const [a, b] of clock(c, start, pauses)) {
    if (b - a >= left) return new Date(a + left);
    left -= b - a;
  }
  if (pauses.some((p) => p.to === null)) return null;
  throw new RangeError(`calendar ${c.id} has no working time within ${HORIZON_DAYS} days`);
}

/** The working, unpaused minutes between two moments (0 when `to` is not after `from`). */
export function businessMinutesBetween(
  c: BusinessCalendar,
  from: Date,
  to: Date,
  pauses: Pause[] = [],
): number {
  const end = to.getTime();
  let ms = 0;
  if (end <= from.getTime()) return 0;
  for (const [a, b] of clock(c, from, pauses)) {
    if (a >= end) break;
    ms += Math.min(b, end) - a;
  }
  return ms / MINUTE;
}

/**
 * A service-level target on the calendar: when it is due, and when to warn (at `warnShare` of the
 * time, e.g. 0.75). Both null while an open pause holds the clock.
 */
export function serviceLevelTimes(
  c: BusinessCalendar,
  start: Date,
  targetMinutes: number,
  warnShare: number,
  pauses: Pause[] = [],
): { warnAt: Date | null; dueAt: Date | null } {
  if (!(warnShare > 0 && warnShare <= 1)) throw new RangeError('warnShare must be in (0, 1]');
  return {
    warnAt: addBusinessMinutes(c, start, targetMinutes * warnShare, pauses),
    dueAt: addBusinessMinutes(c, start, targetMinutes, pauses),
  };
}
