import fc from 'fast-check';
import { REFERENCE_PATTERN } from '@city/contracts';
import { normalizeReference, referenceFromKey } from './reference';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const key = fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 80 }));

/** Properties of references over many generated keys (fast-check), beside the examples of reference.spec.ts. */
describe('references, for any key', () => {
  it('are well formed, read back as themselves however they are written, and the same for the same key', () => {
    fc.assert(
      fc.property(key, ([tenant, k]) => {
        const ref = referenceFromKey(tenant, k);
        expect(ref).toMatch(REFERENCE_PATTERN);
        expect(normalizeReference(ref)).toBe(ref);
        expect(normalizeReference(` ${ref.toLowerCase().replace(/-/g, ' ')} `)).toBe(ref);
        expect(referenceFromKey(tenant, k)).toBe(ref);
      }),
      { numRuns: 2_000 },
    );
  });

  it('catch one wrong character anywhere, except a 0 read as a Z or back (their values differ by the modulus, 31)', () => {
    fc.assert(
      fc.property(key, fc.nat({ max: 10 }), fc.nat({ max: 31 }), ([tenant, k], at, by) => {
        const chars = referenceFromKey(tenant, k).replace(/-/g, '');
        const wrong = ALPHABET[by];
        fc.pre(wrong !== chars[at]);
        const typed = chars.slice(0, at) + wrong + chars.slice(at + 1);
        const blindSpot = at < 10 && [chars[at], wrong].sort().join('') === '0Z';
        expect(normalizeReference(typed)).toBe(
          blindSpot ? `${typed.slice(0, 4)}-${typed.slice(4, 8)}-${typed.slice(8)}` : null,
        );
      }),
      { numRuns: 5_000 },
    );
  });

  it('anything typed is read as a reference or refused, never an error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (typed) => {
        const read = normalizeReference(typed);
        expect(read === null || REFERENCE_PATTERN.test(read)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
