import type { FastifyRequest } from 'fastify';
import { auditHash, keyAuditHash, searchSubject } from './audited';

describe('a search as the audit keeps it', () => {
  const search = (query: Record<string, string>) => searchSubject({ query } as unknown as FastifyRequest);

  it('hashes what names a person, and keeps what names none', () => {
    const subject = search({
      email: 'Anna@Example.org',
      name: 'Anna de Vries',
      status: 'received',
      limit: '25',
    });
    expect(subject).toBe(
      `email=${auditHash('anna@example.org')}&name=${auditHash('anna de vries')}&status=received&limit=25`,
    );
    expect(subject).not.toMatch(/anna|vries|example/i);
  });

  it('hashes a parameter it does not know (a new one may name a person)', () => {
    expect(search({ nickname: 'annie' })).toBe(`nickname=${auditHash('annie')}`);
    expect(auditHash('annie')).toMatch(/^h\.[0-9a-f]{16}$/);
    expect(search({})).toBe('(everything)');
  });

  it("keys the hashes with the deployment's secret: the same value, another hash, and only the secret finds it again", () => {
    const plain = auditHash('+31612345678');
    try {
      keyAuditHash('the-deployment-secret-of-at-least-32-bytes');
      const keyed = auditHash('+31612345678');
      expect(keyed).toMatch(/^h\.[0-9a-f]{16}$/);
      expect(keyed).not.toBe(plain);
      expect(auditHash(' +31612345678 ')).toBe(keyed);
      keyAuditHash('another-deployment-secret-of-32-bytes-too');
      expect(auditHash('+31612345678')).not.toBe(keyed);
    } finally {
      keyAuditHash(undefined);
    }
    expect(auditHash('+31612345678')).toBe(plain);
  });
});
