import { minutesToWait } from './counter-desk';

describe('the estimated wait at a counter', () => {
  it('is those ahead and this one, times the minutes per visit, over the clerks serving', () => {
    expect(minutesToWait({ ahead: 0, minutesPerVisit: null, clerks: 0 }, 8)).toBe(8);
    expect(minutesToWait({ ahead: 2, minutesPerVisit: 10, clerks: 2 }, 8)).toBe(15);
    expect(minutesToWait({ ahead: 1, minutesPerVisit: 4.4, clerks: 1 }, 8)).toBe(9);
  });
});
