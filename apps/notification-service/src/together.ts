import DataLoader from 'dataloader';

/** How long a call waits for others to join it: a short wait, many round trips saved. */
const WINDOW_MS = 2;
/** The most calls one group answers. */
const GROUP_MAX = 100;

/**
 * Calls made at about the same moment answered together (DataLoader, without its cache): the
 * messages being sent at once (up to DELIVERY_CONCURRENCY) each need their lease, their recipients,
 * their record and their completion, and each of those is one round trip for the group instead of
 * one a message. The group's work answers each call in order, a value or an Error for that call
 * alone; when the work itself fails, every call of the group fails with it (each message's round is
 * retried).
 */
export function together<K, V>(
  work: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>,
): DataLoader<K, V> {
  return new DataLoader<K, V>(work, {
    cache: false,
    maxBatchSize: GROUP_MAX,
    batchScheduleFn: (run) => setTimeout(run, WINDOW_MS),
  });
}
