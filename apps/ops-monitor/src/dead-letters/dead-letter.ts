import { DEAD_LETTER_SOURCES as SOURCES, dlqTopic } from '@city/contracts';
import { DLQ_HEADERS, REPLAY_HEADERS, type ReceivedMessage } from '@city/platform-kafka';

/** The topics whose dead letters are read (each `<topic>.dlq`), as contracts name them. */
export const DEAD_LETTER_SOURCES: readonly string[] = SOURCES;

/** A dead letter as the read model keeps it (no payload: see OpsDeadLetter). */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  eventType: string | null;
  eventVersion: number | null;
  eventId: string | null;
  tenantId: string | null;
  correlationId: string | null;
  error: string;
  attempts: number | null;
  failedAt: Date;
  replayOf: string | null;
  replayedAt: Date | null;
  replayedBy: string | null;
  replayId: string | null;
  expiredAt: Date | null;
}

/** A letter just read from `<topic>.dlq`: when it repeats one, when that one was put back (the replay's header). */
export interface IncomingDeadLetter extends DeadLetter {
  replayOfAt: Date | null;
}

/** `waiting`: still on `<topic>.dlq` to be put back; `replayed`: put back; `expired`: gone from the topic before anyone did. */
export type DeadLetterState = 'waiting' | 'replayed' | 'expired';

export const stateOf = (l: Pick<DeadLetter, 'replayedAt' | 'expiredAt'>): DeadLetterState =>
  l.replayedAt ? 'replayed' : l.expiredAt ? 'expired' : 'waiting';

/** A letter's id within its topic: its place on `<topic>.dlq`, `partition/offset` (as the replay header names it). */
export const letterId = (l: { partition: number; offset: string }) => `${l.partition}/${l.offset}`;

export const LETTER_ID = /^(\d{1,5})\/(\d{1,19})$/;

export function placeOf(id: string): { partition: number; offset: string } {
  const m = LETTER_ID.exec(id);
  if (!m) throw new Error(`not a dead letter's id: ${id}`);
  return { partition: Number(m[1]), offset: String(BigInt(m[2])) };
}

/** Per topic: letters waiting, put back, gone; and when the newest failed. */
export interface TopicCounts {
  topic: string;
  waiting: number;
  replayed: number;
  expired: number;
  newestFailedAt: Date | null;
}

const text = (v: unknown, max = 500): string | null =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null;
const whole = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/** The envelope's type, version and ids, when the value is one; nothing of its payload. */
function envelopeOf(
  value: Buffer | null,
): Pick<DeadLetter, 'eventType' | 'eventVersion' | 'eventId' | 'tenantId' | 'correlationId'> {
  const none = { eventType: null, eventVersion: null, eventId: null, tenantId: null, correlationId: null };
  if (!value) return none;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return none;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return none;
  const e = parsed as Record<string, unknown>;
  return {
    eventType: text(e.type, 200),
    eventVersion: whole(e.version),
    eventId: text(e.eventId, 200),
    tenantId: text(e.tenantId, 200),
    correlationId: text(e.correlationId, 200),
  };
}

/**
 * A message of `<topic>.dlq` as a dead letter: its place, where and why it failed (the headers the
 * platform's consumer wrote), the envelope's type and ids. Total: whatever the message holds, it
 * gives a letter (a dead letter has nowhere further to go).
 */
export function readDeadLetter(m: ReceivedMessage, now: () => Date = () => new Date()): IncomingDeadLetter {
  const h = m.headers;
  const topic = m.topic.endsWith('.dlq') ? m.topic.slice(0, -'.dlq'.length) : m.topic;
  const failedAt = new Date(h[DLQ_HEADERS.failedAt] ?? '');
  // The letter this one repeats: `<topic>.dlq/<partition>/<offset>` when it came back from a replay and failed again.
  const from = h[REPLAY_HEADERS.replayedFrom] ?? '';
  const repeat = from.startsWith(`${dlqTopic(topic)}/`) ? from.slice(dlqTopic(topic).length + 1) : '';
  const replayOfAt = new Date(h[REPLAY_HEADERS.replayedAt] ?? '');
  return {
    topic,
    partition: m.partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.slice(0, 500),
    originalPartition: whole(h[DLQ_HEADERS.originalPartition]),
    originalOffset: /^\d{1,19}$/.test(h[DLQ_HEADERS.originalOffset] ?? '')
      ? h[DLQ_HEADERS.originalOffset]
      : null,
    consumerGroup: text(h[DLQ_HEADERS.consumerGroup], 200),
    ...envelopeOf(m.value),
    error: text(h[DLQ_HEADERS.error], 4000) ?? '(no reason given)',
    attempts: whole(h[DLQ_HEADERS.attempts]),
    failedAt: Number.isNaN(failedAt.getTime()) ? now() : failedAt,
    replayOf: LETTER_ID.test(repeat) ? repeat : null,
    replayOfAt: LETTER_ID.test(repeat) && !Number.isNaN(replayOfAt.getTime()) ? replayOfAt : null,
    replayedAt: null,
    replayedBy: null,
    replayId: null,
    expiredAt: null,
  };
}
