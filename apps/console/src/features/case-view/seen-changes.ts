import type { TimelineEntry } from '../../shared/api/types';

/**
 * A timeline entry made by a person other than this agent. The services sign their own entries as
 * `<name>-service` or `service:<name>`; people (and the workflow's facts a person caused, such as a
 * supervisor's reassignment) as `<role>:<name>`; a citizen as `citizen`.
 */
export const byAnotherPerson = (e: TimelineEntry, me: string) =>
  !e.actor.startsWith('service:') && !/^[\w-]+-service$/.test(e.actor) && !e.actor.endsWith(`:${me}`);

/** An entry's identity on the timeline (entries have no id; the timeline is ordered by time, not arrival). */
export const entryKey = (e: TimelineEntry) => `${e.at}|${e.kind}|${e.actor}|${e.summary}`;

/** What an agent has seen of a case: its version, and the entries on screen then. */
export interface Seen {
  version: number;
  entries: ReadonlySet<string>;
}

export const seenNow = (version: number, timeline: TimelineEntry[]): Seen => ({
  version,
  entries: new Set(timeline.map(entryKey)),
});

/** The entries that came since, by anyone. */
export const newSince = (seen: Seen, timeline: TimelineEntry[]) =>
  timeline.filter((e) => !seen.entries.has(entryKey(e)));

/**
 * Where the agent's seen version moves on its own: when every entry since is the services' or the
 * agent's own (routing, due times, messages, their own note), nothing can conflict with what they are
 * typing. Null when another person changed the case: that waits for the agent to look.
 */
export function quietlySeen(seen: Seen, version: number, timeline: TimelineEntry[], me: string): Seen | null {
  if (version <= seen.version) return null;
  return newSince(seen, timeline).some((e) => byAnotherPerson(e, me)) ? null : seenNow(version, timeline);
}
