import { z } from 'zod';
import { screenPopRequestedV1PayloadSchema } from '../events/screen-pop-requested.v1';

/**
 * A call on an agent's line, as the case-service streams it to that agent (server-sent events at
 * `GET /api/v1/agent/screen-pops`): the switch's event, and the citizen whose record owns the
 * caller's number (null for a number the record does not know: the console opens a new request with
 * it). The console then reads the citizen's record (`GET /api/v1/citizens/:id`), which is audited.
 */
export const agentScreenPopSchema = screenPopRequestedV1PayloadSchema.extend({
  caller: z
    .object({
      citizenId: z.uuid(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
    })
    .nullable(),
});
export type AgentScreenPop = z.infer<typeof agentScreenPopSchema>;
