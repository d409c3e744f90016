import { z } from 'zod';
import { CHANNELS } from '../channels';
import { EventContract, EventEnvelope } from '../envelope';
import { REFERENCE_PATTERN } from '../reference';
import { CASE_STATUSES } from './case-opened.v1';

/**
 * Something changed on a case after it was opened: its status, a note, a link. Topic: case.events.v1,
 * keyed by case id. `version` is the case's version after the change.
 */
export const CASE_CHANGED = 'CaseChanged' as const;

const base = {
  caseId: z.uuid(),
  reference: z.string().regex(REFERENCE_PATTERN),
  version: z.number().int().positive(),
  actor: z.string(),
  channel: z.enum(CHANNELS).nullable(),
  at: z.iso.datetime({ offset: true }),
};

export const caseChangedV1PayloadSchema = z.discriminatedUnion('change', [
  z.object({
    change: z.literal('status-changed'),
    ...base,
    from: z.enum(CASE_STATUSES),
    to: z.enum(CASE_STATUSES),
    reason: z.string().nullable(),
  }),
  z.object({
    change: z.literal('note-added'),
    ...base,
    visibility: z.enum(['internal', 'shared']),
    text: z.string(),
  }),
  z.object({
    change: z.literal('linked'),
    ...base,
    kind: z.enum(['duplicate-of', 'related-to']),
    toCaseId: z.uuid(),
    toReference: z.string().regex(REFERENCE_PATTERN),
  }),
]);
export type CaseChangedV1Payload = z.infer<typeof caseChangedV1PayloadSchema>;
export type CaseChangedV1 = EventEnvelope<typeof CASE_CHANGED, CaseChangedV1Payload>;

export const caseChangedV1: EventContract<typeof CASE_CHANGED, CaseChangedV1Payload> = {
  type: CASE_CHANGED,
  version: 1,
  schema: caseChangedV1PayloadSchema,
  example: {
    eventId: '8c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f',
    type: CASE_CHANGED,
    version: 1,
    occurredAt: '2026-11-28T14:02:00.000Z',
    tenantId: 'default',
    correlationId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
    causationId: null,
    payload: {
      change: 'status-changed',
      caseId: '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
      reference: 'EA49-HVS1-TVR',
      version: 3,
      actor: 'agent:agent-17',
      channel: 'phone',
      at: '2026-11-28T14:02:00.000Z',
      from: 'in-progress',
      to: 'resolved',
      reason: 'Repaired by highways crew 4',
    },
  },
};
