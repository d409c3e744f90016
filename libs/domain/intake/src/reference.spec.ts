import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { requestReceivedV1 } from '@city/contracts';
import { eventIdFromKey, normalizeReference, referenceFromKey } from './reference';

describe('request references', () => {
  it('are 4-4-3 groups of unambiguous characters', () => {
    expect(referenceFromKey('default', 'web:abc-123')).toMatch(
      /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$/,
    );
  });

  it('the same key gives the same reference; another key or tenant another', () => {
    const a = referenceFromKey('default', 'kiosk:k1:000001');
    expect(referenceFromKey('default', 'kiosk:k1:000001')).toBe(a);
    expect(referenceFromKey('default', 'kiosk:k1:000002')).not.toBe(a);
    expect(referenceFromKey('other-city', 'kiosk:k1:000001')).not.toBe(a);
  });

  it('read back as a person types or says them', () => {
    const ref = referenceFromKey('default', 'phone:call-1');
    expect(normalizeReference(ref)).toBe(ref);
    expect(normalizeReference(ref.toLowerCase().replace(/-/g, ' '))).toBe(ref);
    const withO = ref.replace(/0/g, 'O');
    expect(normalizeReference(withO)).toBe(ref);
  });

  it('a mistyped character or swapped neighbours fail the check', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let caught = 0;
    let tried = 0;
    for (let k = 0; k < 200; k++) {
      const ref = referenceFromKey('default', `key-${k}`).replace(/-/g, '');
      const pos = k % 10;
      const wrong = alphabet[(alphabet.indexOf(ref[pos]) + 1 + (k % 30)) % 32];
      const typo = ref.slice(0, pos) + wrong + ref.slice(pos + 1);
      tried++;
      if (normalizeReference(typo) === null) caught++;
      const swapped = ref.slice(0, pos) + ref[pos + 1] + ref[pos] + ref.slice(pos + 2);
      if (ref[pos] !== ref[pos + 1]) {
        tried++;
        if (normalizeReference(swapped) === null) caught++;
      }
    }
    // Only a substitution of the values 0 and 31 (or a swap of them) slips through the mod-31 check.
    expect(caught / tried).toBeGreaterThan(0.98);
  });

  it("the contract's example carries the reference its key derives", () => {
    const { tenantId, payload } = requestReceivedV1.example;
    expect(payload.reference).toBe(referenceFromKey(tenantId, payload.idempotencyKey));
  });

  it('keep the values they had when node:crypto made them (a changed hash would re-key every request)', () => {
    expect(referenceFromKey('default', 'web:abc-123')).toBe('KKTD-21AK-C8R');
    expect(referenceFromKey('default', 'kiosk:k1:000001')).toBe('SNQ6-MPYY-270');
    expect(referenceFromKey('other-city', 'kiosk:kiosk-town-hall-01:kiosk-a1b2c3d4')).toBe('KDA5-5MR9-EAR');
    expect(eventIdFromKey('default', 'web:x-1')).toBe('62b065df-9bc8-5444-a10e-04520112cc30');
    expect(eventIdFromKey('other-city', 'delivery\u0000n1')).toBe('1f54d4ac-624f-56c5-a587-73d88fe37d72');
  });

  it('are what the node:crypto derivation gives, for many random keys (the browser and the gateway agree)', () => {
    // The derivation as the gateway first wrote it, on node:crypto, kept here as the yardstick.
    const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const viaNode = (tenantId: string, key: string) => {
      const digest = createHash('sha256').update(`${tenantId}\u0000${key}`).digest();
      let bits = 0n;
      for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i]);
      bits >>= 6n;
      let data = '';
      for (let i = 0; i < 10; i++) {
        data = ALPHABET[Number(bits & 31n)] + data;
        bits >>= 5n;
      }
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum += (i + 1) * ALPHABET.indexOf(data[i]);
      const chars = data + ALPHABET[sum % 31];
      return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
    };
    const eventViaNode = (tenantId: string, key: string) => {
      const h = createHash('sha1')
        .update(Buffer.from('6f0d3e1c8a7b4c2d9e5f1a2b3c4d5e6f', 'hex'))
        .update(`${tenantId}\u0000${key}`)
        .digest();
      h[6] = (h[6] & 0x0f) | 0x50;
      h[8] = (h[8] & 0x3f) | 0x80;
      const hex = h.subarray(0, 16).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    const keys = [
      ...Array.from({ length: 2000 }, () => `kiosk:kiosk-${randomBytes(3).toString('hex')}:${randomUUID()}`),
      // Any text at all, multi-byte characters included.
      ...Array.from({ length: 500 }, () => randomBytes(1 + (randomBytes(1)[0] % 64)).toString('latin1')),
      ...['', 'ö', '城市', '🚲 bike', 'a'.repeat(1000)],
    ];
    for (const key of keys) {
      const tenant = randomBytes(1)[0] % 2 ? 'default' : 'other-city';
      expect([key, referenceFromKey(tenant, key)]).toEqual([key, viaNode(tenant, key)]);
      expect([key, eventIdFromKey(tenant, key)]).toEqual([key, eventViaNode(tenant, key)]);
    }
  });

  it('rejects what is not a reference', () => {
    expect(normalizeReference('')).toBeNull();
    expect(normalizeReference('ABCD-EFGH-JK')).toBeNull();
    expect(normalizeReference('ABCD-EFGH-JKU')).toBeNull();
  });

  it('event ids are stable name-based UUIDs', () => {
    const id = eventIdFromKey('default', 'web:x-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFromKey('default', 'web:x-1')).toBe(id);
    expect(eventIdFromKey('default', 'web:x-2')).not.toBe(id);
  });
});
