import { liveChanges } from './live-changes';
import type { LiveFigures, LiveGroup } from './ops-types';

const group = (key: string, g: Partial<LiveGroup> = {}): LiveGroup => ({
  key,
  waiting: 0,
  held: 0,
  waitingForCitizen: 0,
  oldestWaitingSince: null,
  waitP50Seconds: null,
  waitP90Seconds: null,
  atRisk: 0,
  breached: 0,
  resolvedLastHour: 0,
  ...g,
});
const figures = (byQueue: LiveGroup[]): LiveFigures => ({
  at: '2026-11-27T10:00:00.000Z',
  byQueue,
  byService: [],
  byChannel: [],
  byDistrict: [],
  agents: [],
  signedIn: 0,
  counters: [],
  throughput: [],
  delaySeconds: 0.4,
});

describe('what the live board announces', () => {
  it('nothing for the first push: it is the board, not a change', () => {
    expect(liveChanges(null, figures([group('waste', { breached: 3, atRisk: 2 })]))).toEqual([]);
  });

  it('more breached or at risk in a queue, breaches first, with how many more and how many now', () => {
    const before = figures([group('waste', { breached: 1, atRisk: 2 }), group('revenues', { atRisk: 0 })]);
    const after = figures([
      group('waste', { breached: 3, atRisk: 2 }),
      group('revenues', { atRisk: 1 }),
      group('highways-north', { breached: 1 }),
    ]);
    expect(liveChanges(before, after)).toEqual([
      { key: 'operations.announce.breached', queue: 'waste', count: 2, total: 3 },
      { key: 'operations.announce.breached', queue: 'highways-north', count: 1, total: 1 },
      { key: 'operations.announce.atRisk', queue: 'revenues', count: 1, total: 1 },
    ]);
  });

  it('nothing for work that came in, was taken, resolved, or left the risk', () => {
    const before = figures([group('waste', { waiting: 2, atRisk: 2, breached: 1 })]);
    const after = figures([
      group('waste', { waiting: 5, held: 1, resolvedLastHour: 1, atRisk: 1, breached: 1 }),
    ]);
    expect(liveChanges(before, after)).toEqual([]);
  });
});
