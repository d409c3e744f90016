import { isSignedIn, SIGNED_IN_WINDOW_MS } from './agent-presence';

describe('signed in', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('is two minutes: the console reports every 60 s, so one late or lost report is forgiven', () => {
    expect(SIGNED_IN_WINDOW_MS).toBe(120_000);
  });

  it('counts someone seen within the window, to the millisecond, and not a moment after', () => {
    expect(isSignedIn(ago(0), now)).toBe(true);
    expect(isSignedIn(ago(61_000), now)).toBe(true);
    expect(isSignedIn(ago(SIGNED_IN_WINDOW_MS), now)).toBe(true);
    expect(isSignedIn(ago(SIGNED_IN_WINDOW_MS + 1), now)).toBe(false);
  });

  it('does not count someone never seen; counts a report stamped a little ahead', () => {
    expect(isSignedIn(null, now)).toBe(false);
    expect(isSignedIn(ago(-1_000), now)).toBe(true);
  });
});
