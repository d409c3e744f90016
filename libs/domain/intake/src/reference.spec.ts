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
