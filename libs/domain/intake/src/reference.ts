import { createHash } from 'node:crypto';

/** Crockford's base32: no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = 10;

function checkChar(data: string): string {
  // Position-weighted sum mod 31 (a prime): catches every single wrong character and every swap
  // of two neighbours except between the values 0 and 31.
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += (i + 1) * ALPHABET.indexOf(data[i]);
  return ALPHABET[sum % 31];
}

function format(chars: string): string {
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/**
 * The reference of a request, derived from its tenant-scoped idempotency key: the same key always
 * gives the same reference, so a retried submission is told the reference it was told before, even
 * if every cache was lost. 50 bits: a one-in-a-thousand chance of any clash among 1.5 million requests.
 */
export function referenceFromKey(tenantId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${tenantId}\u0000${idempotencyKey}`).digest();
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i]);
  bits >>= 6n; // 56 - 50
  let data = '';
  for (let i = 0; i < DATA_CHARS; i++) {
    data = ALPHABET[Number(bits & 31n)] + data;
    bits >>= 5n;
  }
  return format(data + checkChar(data));
}

/**
 * Reads a reference as a person typed or said it: any case, spaces or dashes anywhere, O for 0 and
 * I or L for 1. Returns the canonical form, or null when it is not a reference (wrong length,
 * characters outside the alphabet, or a check character that does not match).
 */
export function normalizeReference(input: string): string | null {
  const chars = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== DATA_CHARS + 1) return null;
  if ([...chars].some((c) => !ALPHABET.includes(c))) return null;
  const data = chars.slice(0, DATA_CHARS);
  if (checkChar(data) !== chars[DATA_CHARS]) return null;
  return format(chars);
}

/**
 * A name-based UUID (RFC 9562 version 5) for the event of an idempotency key: a retried submission
 * that slips past the gateway's memory carries the same eventId, so consumers' inboxes drop it.
 */
export function eventIdFromKey(tenantId: string, idempotencyKey: string): string {
  const NAMESPACE = Buffer.from('6f0d3e1c8a7b4c2d9e5f1a2b3c4d5e6f', 'hex');
  const h = createHash('sha1').update(NAMESPACE).update(`${tenantId}\u0000${idempotencyKey}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
