import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  requestReceivedV1,
  type RequestReceivedV1,
  type RequestReceivedV1Payload,
} from '@city/contracts';
import { eventIdFromKey, referenceFromKey } from '@city/domain-intake';

/**
 * A request as the gateway puts it on `intake.requests.v1` (the contract's example), from any channel:
 * by default a citizen of its own (a new email) reporting somewhere of its own, so that unrelated
 * tests' reports are neither one citizen nor duplicates of each other. `key` is the idempotency key
 * (the reference and event id follow from it, as at the gateway).
 */
export function requestReceived(
  over: Partial<RequestReceivedV1Payload> & { key?: string; tenantId?: string } = {},
): RequestReceivedV1 {
  const { key = `web:${randomUUID()}`, tenantId = 'default', ...payload } = over;
  const base = requestReceivedV1.example.payload;
  return createEnvelope(requestReceivedV1, {
    eventId: eventIdFromKey(tenantId, key),
    tenantId,
    correlationId: randomUUID(),
    payload: {
      ...base,
      contact: { ...base.contact!, email: `${randomUUID()}@example.org` },
      location: { ...base.location!, lat: 40 + Math.random() * 10, long: Math.random() * 10 },
      ...payload,
      idempotencyKey: key,
      reference: referenceFromKey(tenantId, key),
    },
  });
}
