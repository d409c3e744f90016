import type { Party } from './party.entity';

/** A merge chain is short; a longer one is a loop in the data, not a citizen. */
export const MAX_MERGE_HOPS = 10;

/**
 * The record a citizen's id leads to: the record itself, or the one it was merged into, followed to
 * the end of a chain (A into B, then B into C), each read by `read` (locked, or with its contacts, as
 * the caller needs). Null when the id or a record on the way is not there, or the chain is longer than
 * MAX_MERGE_HOPS.
 */
export async function survivorOf(
  read: (id: string) => Promise<Party | null>,
  id: string,
): Promise<Party | null> {
  let party = await read(id);
  for (let hop = 0; party?.mergedInto; hop++) {
    if (hop === MAX_MERGE_HOPS) return null;
    party = await read(party.mergedInto);
  }
  return party;
}
