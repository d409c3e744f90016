import { idlePhase } from './idle';

describe("the kiosk's inactivity clock", () => {
  const at = (s: number) => 1_000_000 + s * 1000;

  it('is quiet, then warns for the last 15 s counting down, then starts again', () => {
    expect(idlePhase(at(0), at(0), 90)).toEqual({ phase: 'active' });
    expect(idlePhase(at(74.9), at(0), 90)).toEqual({ phase: 'active' });
    expect(idlePhase(at(75), at(0), 90)).toEqual({ phase: 'warning', secondsLeft: 15 });
    expect(idlePhase(at(80.5), at(0), 90)).toEqual({ phase: 'warning', secondsLeft: 10 });
    expect(idlePhase(at(89.1), at(0), 90)).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(at(90), at(0), 90)).toEqual({ phase: 'expired' });
  });

  it('a touch starts the count again', () => {
    expect(idlePhase(at(100), at(60), 90)).toEqual({ phase: 'active' });
  });

  it('a period shorter than the warning warns all along', () => {
    expect(idlePhase(at(0.5), at(0), 8)).toEqual({ phase: 'warning', secondsLeft: 8 });
  });
});
