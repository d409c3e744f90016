/** The time as the service sees it. Tests inject one they can move, so SLA logic is tested without waiting. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };
