import { z } from 'zod';
import { EventContract, EventEnvelope } from '../envelope';

/**
 * Telephony told us a call reached (or left) an agent: the agent desktop pops the caller's record.
 * Topic: agent.screenpops.v1, keyed by agent id.
 */
export const SCREEN_POP_REQUESTED = 'ScreenPopRequested' as const;

export const screenPopRequestedV1PayloadSchema = z.object({
  agentId: z.string(),
  callId: z.string(),
  action: z.enum(['open', 'close']),
  /** E.164 where it could be normalised, else as the switch sent it; null on close. */
  callerNumber: z.string().nullable(),
  queue: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type ScreenPopRequestedV1Payload = z.infer<typeof screenPopRequestedV1PayloadSchema>;
export type ScreenPopRequestedV1 = EventEnvelope<typeof SCREEN_POP_REQUESTED, ScreenPopRequestedV1Payload>;

export const screenPopRequestedV1: EventContract<typeof SCREEN_POP_REQUESTED, ScreenPopRequestedV1Payload> = {
  type: SCREEN_POP_REQUESTED,
  version: 1,
  schema: screenPopRequestedV1PayloadSchema,
  example: {
    eventId: 'c7d0f7b4-3a1e-4b6f-9a0e-5f8a2c1d9e33',
    type: SCREEN_POP_REQUESTED,
    version: 1,
    occurredAt: '2026-11-27T10:01:00.000Z',
    tenantId: 'default',
    correlationId: 'call-8841',
    causationId: null,
    payload: {
      agentId: 'agent-17',
      callId: 'call-8841',
      action: 'open',
      callerNumber: '+441632960001',
      queue: 'waste',
      durationSeconds: null,
      at: '2026-11-27T10:01:00.000Z',
    },
  },
};
