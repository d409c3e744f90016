// Pure JavaScript hashes (audited, no dependencies), so the derivation runs alike in the gateway and
// in a browser: a kiosk that is offline tells the citizen the reference the gateway will give, and a
// kiosk on plain http has no crypto.subtle.
import { sha1 } from '@noble/hashes/legacy';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

const utf8 = new TextEncoder();

/** Crockford's base32: no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = 10;

function checkChar(data: string): string {
  // Position-weighted sum mod 31 (a prime): catches every single wrong character and every swap
  // of two neighbours except between the values 0 and 31 ('0' and 'Z': a 0 misread as a Z, or back,
  // passes; reference.property.spec.ts shows every other substitution caught). A wider modulus would
  // change every reference already given out, so it stays.
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
  const digest = sha256(utf8.encode(`${tenantId}\u0000${idempotencyKey}`));
  // The digest's first 50 bits, five at a time, most significant first.
  let data = '';
  for (let i = 0; i < DATA_CHARS; i++) {
    const bit = i * 5;
    const pair = (digest[bit >> 3] << 8) | digest[(bit >> 3) + 1];
    data += ALPHABET[(pair >> (11 - (bit & 7))) & 31];
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
const EVENT_NAMESPACE = Uint8Array.from([
  0x6f, 0x0d, 0x3e, 0x1c, 0x8a, 0x7b, 0x4c, 0x2d, 0x9e, 0x5f, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f,
]);

export function eventIdFromKey(tenantId: string, idempotencyKey: string): string {
  const h = sha1
    .create()
    .update(EVENT_NAMESPACE)
    .update(utf8.encode(`${tenantId}\u0000${idempotencyKey}`))
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = bytesToHex(h.subarray(0, 16));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
