/** How a due time stands: the same words everywhere on the console. */
export type SlaState = 'none' | 'ok' | 'at-risk' | 'breached';

/**
 * For a due time the services give without its clock's state: breached once due, at risk in the
 * last quarter of the time from receipt to due (the routing file's default `warnAt` is 0.75).
 */
export function slaState(
  dueAt: string | null | undefined,
  receivedAt: string | null | undefined,
  now: number,
): SlaState {
  if (!dueAt) return 'none';
  const due = Date.parse(dueAt);
  if (due <= now) return 'breached';
  const start = receivedAt ? Date.parse(receivedAt) : now;
  const span = Math.max(due - start, 1);
  const left = due - now;
  return left <= span / 4 ? 'at-risk' : 'ok';
}

/** "in 3 hours", "5 minutes ago", in the console's language. */
export function relativeTime(iso: string, now: number, language: string): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** A duration in whole minutes and seconds, e.g. 4:05 (a counter wait). */
export function minutesSeconds(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const dateTime = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** A service-level clock as the workflow-service keeps it (its state, and when it warns and is due). */
export interface SlaClock {
  state: string;
  warnAt: string | null;
  dueAt: string | null;
}

/**
 * The state to show for a work item: the SLA timers' own state where the service gives it (so the
 * agent sees what the supervisor's counts say), otherwise worked out from the due time.
 */
export function slaOf(
  clock: SlaClock | null | undefined,
  dueAt: string | null | undefined,
  receivedAt: string | null | undefined,
  now: number,
): SlaState {
  if (!clock) return slaState(dueAt, receivedAt, now);
  if (clock.state === 'breached') return 'breached';
  if (clock.state === 'warned') return 'at-risk';
  if (clock.state === 'running') return clock.dueAt && Date.parse(clock.dueAt) <= now ? 'breached' : 'ok';
  return 'none';
}

/** A catalogue text in the person's language, English where the city wrote no other. */
export const localized = (text: { en: string } | undefined, language: string): string =>
  text ? ((text as Record<string, string>)[language] ?? text.en) : '';
