import { z } from 'zod';
import { actorFields } from './case-commands.dto';

/** An agent or clerk merges another citizen record into this one (the survivor): the same person recorded twice. */
export const mergeCitizensBodySchema = z
  .object({
    /** The record that is merged away; everything on it moves to the survivor. */
    mergeCitizenId: z.uuid(),
    /** Why the two are one person (kept in the audit trail). */
    reason: z.string().trim().min(3).max(2000),
    ...actorFields,
  })
  .strict();
export type MergeCitizensBody = z.infer<typeof mergeCitizensBodySchema>;

/** An administrator undoes a merge: what moved goes back. */
export const reverseMergeBodySchema = z.object({ reason: z.string().trim().min(3).max(2000) }).strict();
export type ReverseMergeBody = z.infer<typeof reverseMergeBodySchema>;
