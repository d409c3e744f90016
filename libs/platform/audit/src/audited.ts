import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from './audit.interceptor';
import { AUDITED } from './audit.tokens';
import type { FastifyRequest } from 'fastify';

export interface AuditSpec {
  action: string;
  /** The subject read, from the request (a reference, a citizen id, the search). */
  subject: (req: FastifyRequest) => string;
  /** The references the answer showed, for searches and lists (or the one a read of a part of a case belongs to). */
  references?: (result: unknown, req: FastifyRequest) => string[];
}

/**
 * This route reads personal data: each call goes to the audit log with who, what and when. The
 * interceptor is on these routes only (an app-wide one would put every request of the service
 * through Nest's interceptor pipeline, measured at about a quarter more CPU on a simple read).
 */
export const Audited = (
  action: string,
  subject: AuditSpec['subject'],
  references?: AuditSpec['references'],
) =>
  applyDecorators(
    SetMetadata(AUDITED, { action, subject, references } satisfies AuditSpec),
    UseInterceptors(AuditInterceptor),
  );

/** A search's parameters that name nothing of a person: kept as they are in the audit. */
const PLAIN_SEARCH_PARAMS = new Set([
  'reference',
  'service',
  'status',
  'queue',
  'limit',
  'offset',
  'from',
  'to',
]);

/** The key of the audit's hashes: derived from the deployment's secret (`keyAuditHash`), or none. */
let hashKey: Buffer | null = null;

/**
 * Keys the audit's hashes with the deployment's secret (PRIVACY_MASTER_KEY; a key of their own is
 * derived from it), so that a phone number or a name cannot be found again by hashing every one
 * there is: only the deployment can. Without one (development), the hashes are plain SHA-256.
 */
export function keyAuditHash(secret: string | undefined): void {
  hashKey = secret ? Buffer.from(hkdfSync('sha256', secret, 'city.audit', 'the audit hash key', 32)) : null;
}

/**
 * A searched value as the audit keeps it: `h.` and 16 hex of its keyed hash (HMAC-SHA-256, trimmed,
 * lower case), so the audit, which is kept and never changed, holds no email, phone, name or
 * address, while "was anyone searching for this?" can still be answered from the value (a citizen's
 * export does).
 */
export const auditHash = (value: string): string =>
  `h.${(hashKey ? createHmac('sha256', hashKey) : createHash('sha256'))
    .update(`audit:${value.trim().toLowerCase()}`)
    .digest('hex')
    .slice(0, 16)}`;

/**
 * A request's query string as the subject of a search (`name=h.…&status=received`): what names a
 * person (any parameter but those known to name none) is hashed (`auditHash`).
 */
export const searchSubject = (req: FastifyRequest) =>
  new URLSearchParams(
    Object.entries((req.query ?? {}) as Record<string, string>).map(([k, v]): [string, string] => [
      k,
      PLAIN_SEARCH_PARAMS.has(k) ? String(v) : auditHash(String(v)),
    ]),
  ).toString() || '(everything)';

/** A path parameter as the subject. */
export const param = (name: string) => (req: FastifyRequest) =>
  String((req.params as Record<string, string>)[name] ?? '');
