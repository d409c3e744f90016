export interface AcceptedRecord {
  fingerprint: string;
  reference: string;
  serviceCode: string;
  receivedAt: string;
}

export type BeginResult =
  | { state: 'new' }
  | { state: 'pending' }
  | { state: 'done'; record: AcceptedRecord }
  /** The memory is away: go on without it; the deterministic eventId lets consumers drop a repeat. */
  | { state: 'unavailable' };

/**
 * The gateway's short memory (the port): idempotency keys, so that a repeated submission produces
 * one request; Open311 tokens; and sightings of webhooks, to refuse replays. The memory is an
 * optimisation, not the guarantee: references and event ids are derived from the key, so a repeat
 * that slips through (the memory lost its data) still carries the same reference and eventId.
 */
export abstract class IdempotencyStore {
  /** Starts a submission under a key: new, another one under way, done before (with what was accepted), or no memory now. */
  abstract begin(tenantId: string, idempotencyKey: string): Promise<BeginResult>;
  /** Remembers what a key's submission was accepted as (and its Open311 token); a failure to remember is only logged. */
  abstract complete(
    tenantId: string,
    idempotencyKey: string,
    eventId: string,
    record: AcceptedRecord,
  ): Promise<void>;
  /** Forgets a key whose publish failed, so that the caller's retry is tried afresh. */
  abstract abandon(tenantId: string, idempotencyKey: string): Promise<void>;
  /**
   * Remembers `id` (of a `kind` of thing) for `ttlSeconds`: 'first' the first time, 'seen' on every
   * repeat while remembered. Used to refuse replayed webhooks, so without the memory it says so and
   * the caller refuses rather than guesses.
   */
  abstract firstSighting(
    kind: string,
    id: string,
    ttlSeconds: number,
  ): Promise<'first' | 'seen' | 'unavailable'>;
  /** Forgets a sighting whose handling failed, so that the sender's retry is taken. */
  abstract forgetSighting(kind: string, id: string): Promise<void>;
  /** The reference behind an Open311 token (the request's eventId), if known. */
  abstract referenceOfToken(tenantId: string, token: string): Promise<string | null | 'unavailable'>;
}
