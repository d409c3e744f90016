import { z } from 'zod';
import { CHANNELS } from '../channels';
import { EventContract, EventEnvelope } from '../envelope';

/**
 * Two citizen records were found to be one person and merged (or a merge was undone by an
 * administrator). Topic: case.events.v1, keyed by the surviving citizen's id. `caseIds` are the
 * cases whose citizen changed; consumers that keep a citizen per case follow them.
 */
export const CITIZEN_MERGED = 'CitizenMerged' as const;
export const CITIZEN_MERGE_REVERSED = 'CitizenMergeReversed' as const;

const payload = {
  mergeId: z.uuid(),
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  caseIds: z.array(z.uuid()),
  actor: z.string(),
  reason: z.string(),
  at: z.iso.datetime({ offset: true }),
};

export const citizenMergedV1PayloadSchema = z.object({ ...payload, channel: z.enum(CHANNELS).nullable() });
export type CitizenMergedV1Payload = z.infer<typeof citizenMergedV1PayloadSchema>;
export type CitizenMergedV1 = EventEnvelope<typeof CITIZEN_MERGED, CitizenMergedV1Payload>;

export const citizenMergeReversedV1PayloadSchema = z.object(payload);
export type CitizenMergeReversedV1Payload = z.infer<typeof citizenMergeReversedV1PayloadSchema>;
export type CitizenMergeReversedV1 = EventEnvelope<
  typeof CITIZEN_MERGE_REVERSED,
  CitizenMergeReversedV1Payload
>;

const example = {
  mergeId: '3b9a7c1e-2d4f-4a6b-8c0d-1e2f3a4b5c6d',
  survivorId: '0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f',
  mergedId: '9e8d7c6b-5a49-4382-9716-05f4e3d2c1b0',
  caseIds: ['6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e'],
  actor: 'agent:agent-17',
  reason: 'Same person: confirmed date of birth and address on the phone',
  at: '2026-11-28T14:05:00.000Z',
};

export const citizenMergedV1: EventContract<typeof CITIZEN_MERGED, CitizenMergedV1Payload> = {
  type: CITIZEN_MERGED,
  version: 1,
  schema: citizenMergedV1PayloadSchema,
  example: {
    eventId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    type: CITIZEN_MERGED,
    version: 1,
    occurredAt: '2026-11-28T14:05:00.000Z',
    tenantId: 'default',
    correlationId: '3b9a7c1e-2d4f-4a6b-8c0d-1e2f3a4b5c6d',
    causationId: null,
    payload: { ...example, channel: 'phone' },
  },
};

export const citizenMergeReversedV1: EventContract<
  typeof CITIZEN_MERGE_REVERSED,
  CitizenMergeReversedV1Payload
> = {
  type: CITIZEN_MERGE_REVERSED,
  version: 1,
  schema: citizenMergeReversedV1PayloadSchema,
  example: {
    eventId: '7e6d5c4b-3a29-4187-9f6e-5d4c3b2a1f0e',
    type: CITIZEN_MERGE_REVERSED,
    version: 1,
    occurredAt: '2026-11-29T09:00:00.000Z',
    tenantId: 'default',
    correlationId: '3b9a7c1e-2d4f-4a6b-8c0d-1e2f3a4b5c6d',
    causationId: null,
    payload: {
      ...example,
      actor: 'admin:admin-1',
      reason: 'Two people after all: father and son',
      at: '2026-11-29T09:00:00.000Z',
    },
  },
};
