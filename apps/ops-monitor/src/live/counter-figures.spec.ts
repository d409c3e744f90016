import { counterFigures, type CounterQueueCounts } from './counter-figures';
import type { CounterOffices } from './counter-offices';

describe('the counters on the live board', () => {
  const offices: CounterOffices = {
    offices: [
      { id: 'town-hall', name: 'Stadhuis' },
      { id: 'zuid', name: 'Zuidplein' },
    ],
    queues: ['counter-general', 'counter-parking'],
    minutesPerVisit: 8,
    timeZone: 'Europe/Amsterdam',
  };
  const counts = (c: Partial<CounterQueueCounts>): CounterQueueCounts => ({
    office: 'town-hall',
    queue: 'counter-parking',
    waiting: 0,
    serving: 0,
    oldestWaitingSince: null,
    clerks: 0,
    minutesPerVisitToday: null,
    servedToday: 0,
    noShowsToday: 0,
    averageWaitTodayMinutes: null,
    ...c,
  });

  it('shows every office and queue, a quiet one at zero with the default visit', () => {
    const figures = counterFigures(offices, []);
    expect(figures.map((f) => `${f.office}/${f.queue}`)).toEqual([
      'town-hall/counter-general',
      'town-hall/counter-parking',
      'zuid/counter-general',
      'zuid/counter-parking',
    ]);
    expect(figures[0]).toEqual({
      office: 'town-hall',
      officeName: 'Stadhuis',
      queue: 'counter-general',
      waiting: 0,
      serving: 0,
      oldestWaitingSince: null,
      clerks: 0,
      minutesPerVisit: 8,
      estimatedWaitMinutes: 8,
      servedToday: 0,
      noShowsToday: 0,
      averageWaitTodayMinutes: null,
    });
  });

  it('estimates a new ticket’s wait as the desk does: everyone waiting ahead, today’s visit time, over the clerks', () => {
    const [, parking] = counterFigures(offices, [
      counts({ waiting: 5, clerks: 2, minutesPerVisitToday: 6.04, averageWaitTodayMinutes: 12.345 }),
    ]);
    // (5 + 1) × 6.04 / 2 = 18.1
    expect(parking).toMatchObject({
      minutesPerVisit: 6,
      estimatedWaitMinutes: 18,
      averageWaitTodayMinutes: 12.3,
    });
  });

  it('keeps an office or queue the tickets name but the routing file no longer does', () => {
    const figures = counterFigures(offices, [counts({ office: 'north', waiting: 1 })]);
    expect(figures.at(-1)).toMatchObject({
      office: 'north',
      officeName: 'north',
      waiting: 1,
      estimatedWaitMinutes: 16,
    });
  });
});
