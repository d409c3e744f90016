/**
 * How long after their last report an agent or clerk still counts as signed in. The console reports
 * presence every 60 s while it is open, so two minutes lets one report be late or lost before a
 * supervisor sees them signed out.
 */
export const SIGNED_IN_WINDOW_MS = 2 * 60_000;

/** Signed in: seen within the last SIGNED_IN_WINDOW_MS of now (a report stamped a little ahead, by another instance's clock, counts). */
export const isSignedIn = (lastSeenAt: Date | null, now: Date): boolean =>
  lastSeenAt !== null && now.getTime() - lastSeenAt.getTime() <= SIGNED_IN_WINDOW_MS;
