import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** One envelope around every message on every topic. */
export const envelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  tenantId: z.string().min(1).max(64),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  payload: z.unknown(),
});

export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  version: number;
  occurredAt: string;
  tenantId: string;
  correlationId: string;
  /** The event or command that caused this one; null for a fact that starts a chain (a citizen's request). */
  causationId: string | null;
  payload: TPayload;
}

/** An event type: its name, version, payload schema and an example, as consumers' tests replay it. */
export interface EventContract<TType extends string, TPayload> {
  type: TType;
  version: number;
  schema: z.ZodType<TPayload>;
  example: EventEnvelope<TType, TPayload>;
}

export interface EnvelopeInput<TPayload> {
  tenantId: string;
  correlationId: string;
  causationId?: string | null;
  eventId?: string;
  occurredAt?: Date;
  payload: TPayload;
}

export function createEnvelope<TType extends string, TPayload>(
  contract: Pick<EventContract<TType, TPayload>, 'type' | 'version'>,
  input: EnvelopeInput<TPayload>,
): EventEnvelope<TType, TPayload> {
  return {
    eventId: input.eventId ?? randomUUID(),
    type: contract.type,
    version: contract.version,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    tenantId: input.tenantId,
    correlationId: input.correlationId,
    causationId: input.causationId ?? null,
    payload: input.payload,
  };
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Parses a raw message value into an envelope of one known contract. Unknown types or versions and
 * payloads that break the schema come back as a reason, for the dead-letter topic.
 */
export function parseEnvelope<TType extends string, TPayload>(
  raw: Buffer | string | null,
  contracts: ReadonlyArray<EventContract<TType, TPayload>>,
): ParseResult<EventEnvelope<TType, TPayload>> {
  if (raw === null) return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    return { ok: false, reason: 'message value is not JSON' };
  }
  const env = envelopeSchema.safeParse(json);
  if (!env.success) return { ok: false, reason: `bad envelope: ${z.prettifyError(env.error)}` };
  const contract = contracts.find((c) => c.type === env.data.type && c.version === env.data.version);
  if (!contract) return { ok: false, reason: `unknown event ${env.data.type} v${env.data.version}` };
  const payload = contract.schema.safeParse(env.data.payload);
  if (!payload.success) {
    return {
      ok: false,
      reason: `bad ${env.data.type} v${env.data.version} payload: ${z.prettifyError(payload.error)}`,
    };
  }
  return {
    ok: true,
    value: { ...env.data, type: contract.type, payload: payload.data } as EventEnvelope<TType, TPayload>,
  };
}

/** Header names every produced message carries, so a consumer can route before parsing. */
export const HEADERS = {
  eventType: 'event-type',
  eventVersion: 'event-version',
  correlationId: 'correlation-id',
  tenantId: 'tenant-id',
} as const;

export const DEFAULT_TENANT = 'default';
