import { z } from 'zod';
import { CHANNELS } from '../channels';
import { CASE_STATUSES } from '../events/case-opened.v1';

/**
 * The channel a change is made on. Who makes it is never a body field: it comes from the caller's
 * verified token (a body naming an `actor` is refused as an unknown field).
 */
export const actorFields = {
  channel: z.enum(CHANNELS).optional(),
};
/** A command as a use case takes it: the body plus the actor from the token (e.g. `agent:agent-17`). */
export type ByActor<T> = T & { actor: string };
/** The case version the agent saw; a change on an older version is refused with 409. */
const expectedVersion = z.number().int().positive();

export const changeStatusBodySchema = z
  .object({
    status: z.enum(CASE_STATUSES),
    reason: z.string().trim().max(2000).optional(),
    expectedVersion,
    ...actorFields,
  })
  .strict();
export type ChangeStatusBody = z.infer<typeof changeStatusBodySchema>;

export const addNoteBodySchema = z
  .object({
    text: z.string().trim().min(1).max(4000),
    visibility: z.enum(['internal', 'shared']).default('internal'),
    expectedVersion: expectedVersion.optional(),
    ...actorFields,
  })
  .strict();
export type AddNoteBody = z.infer<typeof addNoteBodySchema>;

export const linkCaseBodySchema = z
  .object({
    kind: z.enum(['duplicate-of', 'related-to']),
    toReference: z.string().trim().min(1).max(20),
    reason: z.string().trim().max(2000).optional(),
    expectedVersion,
    ...actorFields,
  })
  .strict();
export type LinkCaseBody = z.infer<typeof linkCaseBodySchema>;

export const caseSearchQuerySchema = z
  .object({
    reference: z.string().trim().max(20).optional(),
    name: z.string().trim().min(2).max(100).optional(),
    email: z.string().trim().max(254).optional(),
    phone: z.string().trim().max(32).optional(),
    address: z.string().trim().min(3).max(300).optional(),
    service: z.string().trim().max(64).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    queue: z.string().trim().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type CaseSearchQuery = z.infer<typeof caseSearchQuerySchema>;
