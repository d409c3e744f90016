import type { LiveFigures } from './ops-types';

/** A change worth saying out loud, as a text key of the console's catalogues and its values. */
export interface LiveChange {
  key: 'operations.announce.breached' | 'operations.announce.atRisk';
  queue: string;
  /** How many more than at the last push, and how many now. */
  count: number;
  total: number;
}

/**
 * What a screen reader should hear after a push: the queues where more work breached its service
 * level or came at risk since the last push, breaches first. Nothing for the first push (it is what
 * the screen shows, not a change), nor for work that only came in, was taken or resolved: a busy
 * city pushes every second, and a live region that speaks at each push is noise.
 */
export function liveChanges(previous: LiveFigures | null, next: LiveFigures): LiveChange[] {
  if (!previous) return [];
  const before = new Map(previous.byQueue.map((q) => [q.key, q]));
  const breached: LiveChange[] = [];
  const atRisk: LiveChange[] = [];
  for (const q of next.byQueue) {
    const was = before.get(q.key);
    const moreBreached = q.breached - (was?.breached ?? 0);
    const moreAtRisk = q.atRisk - (was?.atRisk ?? 0);
    if (moreBreached > 0)
      breached.push({
        key: 'operations.announce.breached',
        queue: q.key,
        count: moreBreached,
        total: q.breached,
      });
    if (moreAtRisk > 0)
      atRisk.push({ key: 'operations.announce.atRisk', queue: q.key, count: moreAtRisk, total: q.atRisk });
  }
  return [...breached, ...atRisk];
}
