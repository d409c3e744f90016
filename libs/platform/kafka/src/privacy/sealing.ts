import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@city/contracts';

/**
 * Crypto-shredding's primitives (docs/personal-data.md, Kafka): an event's payload sealed with a data
 * key (AES-256-GCM), and a data key wrapped by the deployment's master key for the key topic. Erasing
 * a data key makes every payload sealed with it unreadable, wherever its copies are.
 */

/** A payload sealed: the key's name, and the cipher's nonce, tag and text (base64). */
export interface Sealed {
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

/** An event whose payload is sealed: its routing fields in the clear, the payload not. */
export type SealedEnvelope = Omit<EventEnvelope, 'payload'> & { payload: null; sealed: Sealed };

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;

/** A fresh random data key. */
export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

/** What a sealed payload is bound to: the event it belongs to (moved to another event, it does not open). */
const boundTo = (e: Pick<EventEnvelope, 'eventId' | 'type' | 'version' | 'tenantId'>, kid: string) =>
  Buffer.from(JSON.stringify([e.eventId, e.type, e.version, e.tenantId, kid]));

const encrypt = (key: Buffer, plain: Buffer, aad: Buffer) => {
  if (key.length !== KEY_BYTES) throw new Error(`a key is ${KEY_BYTES} bytes`);
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
};

const decrypt = (key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, aad: Buffer) => {
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]);
};

/** The event with its payload sealed under a data key named `kid`. */
export function sealEnvelope(event: EventEnvelope, kid: string, key: Buffer): SealedEnvelope {
  const { iv, tag, data } = encrypt(key, Buffer.from(JSON.stringify(event.payload)), boundTo(event, kid));
  return {
    ...event,
    payload: null,
    sealed: { kid, iv: iv.toString('base64'), tag: tag.toString('base64'), data: data.toString('base64') },
  };
}

export const isSealed = (value: unknown): value is SealedEnvelope =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { sealed?: { kid?: unknown } }).sealed?.kid === 'string';

/**
 * A message's value as the sealed envelope it is, or null when it is not one (in the clear, not JSON,
 * or no value): a quick look for the seal's field before any parse, as most events on a topic of
 * staff facts are not sealed.
 */
export function sealedOf(value: Buffer | string | null | undefined): SealedEnvelope | null {
  if (!value || !value.includes('"sealed":{')) return null;
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return isSealed(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The event as it was before sealing; throws when the key is not the one it was sealed with, or the event was altered. */
export function openEnvelope(sealed: SealedEnvelope, key: Buffer): EventEnvelope {
  const { sealed: s, ...rest } = sealed;
  const payload = JSON.parse(
    decrypt(
      key,
      Buffer.from(s.iv, 'base64'),
      Buffer.from(s.tag, 'base64'),
      Buffer.from(s.data, 'base64'),
      boundTo(sealed, s.kid),
    ).toString('utf8'),
  ) as unknown;
  return { ...rest, payload } as EventEnvelope;
}

/** A data key as the key topic keeps it: wrapped by the master key, bound to its name. */
export function wrapKey(master: Buffer, kid: string, key: Buffer): string {
  const { iv, tag, data } = encrypt(master, key, Buffer.from(kid));
  return Buffer.concat([iv, tag, data]).toString('base64');
}

/** The data key from the key topic's value; throws when the master key or the name is not the one it was wrapped with. */
export function unwrapKey(master: Buffer, kid: string, wrapped: string): Buffer {
  const b = Buffer.from(wrapped, 'base64');
  return decrypt(master, b.subarray(0, 12), b.subarray(12, 28), b.subarray(28), Buffer.from(kid));
}

/** The master key of a deployment's secret (PRIVACY_MASTER_KEY): the same secret gives the same key. */
export const masterKeyOf = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'city.privacy', 'the master key of the data keys', KEY_BYTES));
