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

/** A request's query string as the subject of a search (`name=anna&status=received`). */
export const searchSubject = (req: FastifyRequest) =>
  new URLSearchParams((req.query ?? {}) as Record<string, string>).toString() || '(everything)';

/** A path parameter as the subject. */
export const param = (name: string) => (req: FastifyRequest) =>
  String((req.params as Record<string, string>)[name] ?? '');
