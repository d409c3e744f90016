import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@city/contracts';

/** An event with personal data in its payload, for the sealing's tests. */
export const personalEvent = (): EventEnvelope =>
  ({
    eventId: randomUUID(),
    type: 'CaseOpened',
    version: 1,
    tenantId: 'default',
    correlationId: randomUUID(),
    occurredAt: '2026-12-02T10:00:00.000Z',
    payload: { description: 'A deep hole outside number 12', contact: { email: 'anna@example.org' } },
  }) as unknown as EventEnvelope;
