import {
  addBusinessMinutes,
  businessMinutesBetween,
  calendarProblems,
  serviceLevelTimes,
  type BusinessCalendar,
} from './business-calendar';
import { serviceLevelDue, standardDayMinutes } from './service-level';

/** A town hall in Rotterdam: weekdays 08:30–12:30 and 13:00–17:00, closed at Christmas and New Year. */
const rotterdam: BusinessCalendar = {
  id: 'rotterdam-town-hall',
  timeZone: 'Europe/Amsterdam',
  week: Object.fromEntries(
    [1, 2, 3, 4, 5].map((d) => [
      d,
      [
        { start: '08:30', end: '12:30' },
        { start: '13:00', end: '17:00' },
      ],
    ]),
  ),
  holidays: ['2026-12-25', '2026-12-26', '2027-01-01'],
};
const london: BusinessCalendar = { ...rotterdam, id: 'london', timeZone: 'Europe/London' };
const at = (iso: string) => new Date(iso);

describe('business calendar', () => {
  it('counts working minutes within a day, and across lunch', () => {
    // Friday 27 November 2026, 10:00 in Rotterdam (CET, UTC+1).
    expect(addBusinessMinutes(rotterdam, at('2026-11-27T09:00:00Z'), 60)).toEqual(at('2026-11-27T10:00:00Z'));
    // 12:00 + 60: half an hour before lunch, half an hour after it, 13:30.
    expect(addBusinessMinutes(rotterdam, at('2026-11-27T11:00:00Z'), 60)).toEqual(at('2026-11-27T12:30:00Z'));
  });

  it('stands still overnight and over the weekend, and starts at the next opening when out of hours', () => {
    // Friday 16:00 + 2 h: one hour on Friday, one on Monday from 08:30: Monday 09:30.
    expect(addBusinessMinutes(rotterdam, at('2026-11-27T15:00:00Z'), 120)).toEqual(
      at('2026-11-30T08:30:00Z'),
    );
    // Saturday 11:00 + 30 min: Monday 09:00.
    expect(addBusinessMinutes(rotterdam, at('2026-11-28T10:00:00Z'), 30)).toEqual(at('2026-11-30T08:00:00Z'));
    // At closing time exactly, one minute more is the next morning's first.
    expect(addBusinessMinutes(rotterdam, at('2026-11-30T16:00:00Z'), 1)).toEqual(at('2026-12-01T07:31:00Z'));
    // Zero minutes out of hours is the moment itself.
    expect(addBusinessMinutes(rotterdam, at('2026-11-28T10:00:00Z'), 0)).toEqual(at('2026-11-30T07:30:00Z'));
  });

  it('skips public holidays', () => {
    // Thursday 24 December 16:30 + 1 h: half an hour that day; Christmas, Boxing Day (a Saturday) and Sunday pass; Monday 09:00.
    expect(addBusinessMinutes(rotterdam, at('2026-12-24T15:30:00Z'), 60)).toEqual(at('2026-12-28T08:00:00Z'));
  });

  it('keeps local opening hours when the clocks change', () => {
    // Spring forward on Sunday 29 March 2026: Friday 16:00 CET (15:00Z) + 2 h is Monday 09:30 CEST (07:30Z).
    expect(addBusinessMinutes(rotterdam, at('2026-03-27T15:00:00Z'), 120)).toEqual(
      at('2026-03-30T07:30:00Z'),
    );
    // Fall back on Sunday 25 October 2026: Friday 16:00 CEST (14:00Z) + 2 h is Monday 09:30 CET (08:30Z).
    expect(addBusinessMinutes(rotterdam, at('2026-10-23T14:00:00Z'), 120)).toEqual(
      at('2026-10-26T08:30:00Z'),
    );
    // The same rules in another zone give other instants: London's 10:00 in winter is 10:00Z.
    expect(addBusinessMinutes(london, at('2026-11-27T09:00:00Z'), 60)).toEqual(at('2026-11-27T10:00:00Z'));
  });

  it('does not run while paused for the citizen; an open pause leaves the due time unknown', () => {
    // Monday 30 November 09:00 local + 4 h, paused 10:00–14:00: 1 h before, 3 h after: 17:00 local.
    const pause = { from: at('2026-11-30T09:00:00Z'), to: at('2026-11-30T13:00:00Z') };
    expect(addBusinessMinutes(rotterdam, at('2026-11-30T08:00:00Z'), 240)).toEqual(
      at('2026-11-30T12:30:00Z'),
    );
    expect(addBusinessMinutes(rotterdam, at('2026-11-30T08:00:00Z'), 240, [pause])).toEqual(
      at('2026-11-30T16:00:00Z'),
    );
    expect(
      addBusinessMinutes(rotterdam, at('2026-11-30T08:00:00Z'), 240, [{ from: pause.from, to: null }]),
    ).toBeNull();
    // Time used before an open pause still counts.
    expect(
      businessMinutesBetween(rotterdam, at('2026-11-30T08:00:00Z'), at('2026-12-07T08:00:00Z'), [
        { from: pause.from, to: null },
      ]),
    ).toBe(60);
  });

  it('measures working minutes between two moments, the inverse of adding them', () => {
    expect(businessMinutesBetween(rotterdam, at('2026-11-27T15:00:00Z'), at('2026-11-30T08:30:00Z'))).toBe(
      120,
    );
    expect(businessMinutesBetween(rotterdam, at('2026-11-30T08:30:00Z'), at('2026-11-27T15:00:00Z'))).toBe(0);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) {
      const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 24 * 60) * 60_000);
      const minutes = Math.floor(random() * 5 * 480);
      const due = addBusinessMinutes(rotterdam, start, minutes)!;
      expect(businessMinutesBetween(rotterdam, start, due)).toBe(minutes);
    }
  });

  it('gives the warning at a share of the target and the due time at all of it', () => {
    // 8 working hours from Monday 08:30: warn after 6 h (15:00 local), due after 8 h (17:00 local).
    expect(serviceLevelTimes(rotterdam, at('2026-11-30T07:30:00Z'), 480, 0.75)).toEqual({
      warnAt: at('2026-11-30T14:00:00Z'),
      dueAt: at('2026-11-30T16:00:00Z'),
    });
    expect(() => serviceLevelTimes(rotterdam, at('2026-11-30T07:30:00Z'), 480, 1.5)).toThrow(RangeError);
  });

  it('says what is wrong with a calendar, and refuses one with no working time', () => {
    expect(calendarProblems(rotterdam)).toEqual([]);
    expect(
      calendarProblems({
        id: 'x',
        timeZone: 'Mars/Olympus',
        week: { 1: [{ start: '17:00', end: '09:00' }], 2: [{ start: '9', end: '25:00' }] },
        holidays: ['25/12/2026'],
      }),
    ).toEqual([
      'timeZone: Mars/Olympus is not an IANA time zone',
      'week.1: 17:00-09:00 ends before it starts',
      'week.2: 9-25:00 is not HH:mm-HH:mm',
      'week: no working hours at all',
      'holidays: 25/12/2026 is not a date (yyyy-MM-dd)',
    ]);
    expect(() => addBusinessMinutes({ ...rotterdam, week: {} }, at('2026-11-30T07:30:00Z'), 1)).toThrow(
      /no working time/,
    );
  });
});

describe('service-level targets from the catalogue', () => {
  it('counts working days as standard days of the calendar, and working hours as hours on it', () => {
    expect(standardDayMinutes(rotterdam)).toBe(480);
    // 5 working days from Friday 27 November 10:00 local: Friday 4 December 10:00 local.
    expect(
      serviceLevelDue(rotterdam, at('2026-11-27T09:00:00Z'), { value: 5, unit: 'working-days' }, 0.75),
    ).toEqual({
      warnAt: at('2026-12-02T15:30:00Z'), // 30 working hours on: 6.5 on Friday, 8 on Monday and Tuesday, 7.5 on Wednesday: 16:30 local
      dueAt: at('2026-12-04T09:00:00Z'),
    });
    expect(
      serviceLevelDue(rotterdam, at('2026-11-27T15:00:00Z'), { value: 2, unit: 'working-hours' }, 0.5).dueAt,
    ).toEqual(at('2026-11-30T08:30:00Z'));
  });

  it('runs wall-clock targets in real time, keeping local time across a clock change, paused while waiting', () => {
    expect(serviceLevelDue(rotterdam, at('2026-11-27T09:00:00Z'), { value: 4, unit: 'hours' }, 0.75)).toEqual(
      { warnAt: at('2026-11-27T12:00:00Z'), dueAt: at('2026-11-27T13:00:00Z') },
    );
    // 2 calendar days from Friday 27 March 10:00 CET: Sunday 29 March 10:00 CEST, 47 hours later.
    expect(
      serviceLevelDue(rotterdam, at('2026-03-27T09:00:00Z'), { value: 2, unit: 'calendar-days' }, 1).dueAt,
    ).toEqual(at('2026-03-29T08:00:00Z'));
    // Two pauses of an hour each (one only in reach once the first pushed the due time on).
    const pauses = [
      { from: at('2026-11-27T12:30:00Z'), to: at('2026-11-27T13:30:00Z') },
      { from: at('2026-11-27T13:45:00Z'), to: at('2026-11-27T14:45:00Z') },
    ];
    expect(
      serviceLevelDue(rotterdam, at('2026-11-27T09:00:00Z'), { value: 4, unit: 'hours' }, 1, pauses).dueAt,
    ).toEqual(at('2026-11-27T15:00:00Z'));
    expect(
      serviceLevelDue(rotterdam, at('2026-11-27T09:00:00Z'), { value: 4, unit: 'hours' }, 1, [
        { from: at('2026-11-27T10:00:00Z'), to: null },
      ]).dueAt,
    ).toBeNull();
  });
});
