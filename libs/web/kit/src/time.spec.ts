import { minutesSeconds, slaOf, slaState } from './time';
import { ApiError, fieldReason } from './api';

describe('due times as the console shows them', () => {
  const received = '2026-11-30T08:00:00Z';
  const due = '2026-11-30T16:00:00Z'; // eight hours after receipt
  const at = (iso: string) => Date.parse(iso);

  it('is on time until the last quarter, at risk in it, breached once due, and nothing without a due time', () => {
    expect(slaState(due, received, at('2026-11-30T13:59:00Z'))).toBe('ok');
    expect(slaState(due, received, at('2026-11-30T14:00:00Z'))).toBe('at-risk');
    expect(slaState(due, received, at('2026-11-30T16:00:00Z'))).toBe('breached');
    expect(slaState(null, received, at('2026-11-30T16:00:00Z'))).toBe('none');
  });

  it("follows the SLA timers' own state where the service gives it", () => {
    const now = at('2026-11-30T09:00:00Z');
    expect(slaOf({ state: 'warned', warnAt: null, dueAt: due }, due, received, now)).toBe('at-risk');
    expect(slaOf({ state: 'breached', warnAt: null, dueAt: due }, due, received, now)).toBe('breached');
    expect(slaOf({ state: 'running', warnAt: null, dueAt: due }, due, received, now)).toBe('ok');
    expect(slaOf({ state: 'paused', warnAt: null, dueAt: null }, due, received, now)).toBe('none');
    expect(slaOf(null, due, received, at('2026-11-30T15:00:00Z'))).toBe('at-risk');
  });

  it('shows a wait in minutes and seconds, never below zero', () => {
    expect(minutesSeconds(245_000)).toBe('4:05');
    expect(minutesSeconds(-5)).toBe('0:00');
  });
});

describe("a service's refusal", () => {
  it('gives the reason for a field it named, or for a part of it', () => {
    const e = new ApiError(400, 'The request is not valid; see errors.', [
      { field: 'attributes.depth', reason: 'required' },
      { field: 'expectedVersion', reason: 'the case is at version 4' },
    ]);
    expect(fieldReason(e, 'expectedVersion')).toBe('the case is at version 4');
    expect(fieldReason(e, 'attributes')).toBe('required');
    expect(fieldReason(e, 'reason')).toBeUndefined();
    expect(fieldReason(new Error('network'), 'reason')).toBeUndefined();
  });
});
