/**
 * What the ops-monitor answers about dead letters (apps/ops-monitor: dead-letters.http.controller.ts;
 * docs/operations.md "Dead letters"), as the console reads it. Types only. Never a payload.
 */

export type LetterState = 'waiting' | 'replayed' | 'expired';

export interface TopicCounts {
  topic: string;
  waiting: number;
  replayed: number;
  expired: number;
  newestFailedAt: string | null;
}

export interface DeadLetter {
  /** `partition/offset` on `<topic>.dlq`: what the replay takes. */
  id: string;
  topic: string;
  state: LetterState;
  failedAt: string;
  /** The reason the consumer group gave. */
  error: string;
  consumerGroup: string | null;
  attempts: number | null;
  eventType: string | null;
  eventVersion: number | null;
  eventId: string | null;
  tenantId: string | null;
  correlationId: string | null;
  key: string | null;
  original: { partition: number | null; offset: string | null };
  replayOf: string | null;
  replayed: { at: string; by: string | null; replayId: string | null } | null;
  expiredAt: string | null;
}

/** GET /api/v1/dead-letters?topic=&replayed=&limit= */
export interface DeadLetterListing {
  topics: TopicCounts[];
  letters: DeadLetter[];
}

export type SkipReason = 'already-replayed' | 'replayed-before' | 'expired' | 'not-reached';

/** POST /api/v1/dead-letters/replay */
export interface ReplayAnswer {
  replayId: string;
  topic: string;
  at: string;
  by: string;
  replayed: string[];
  skipped: Array<{ id: string; reason: SkipReason; message: string }>;
}
