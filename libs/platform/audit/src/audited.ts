import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const AUDITED = 'city:audited-read';

export interface AuditSpec {
  action: string;
  /** The subject read, from the request (a reference, a citizen id, the search). */
  subject: (req: FastifyRequest) => string;
  /** The references the answer showed, for searches and lists. */
  references?: (result: unknown) => string[];
}

/** This route reads personal data: each call goes to the audit log with who, what and when. */
export const Audited = (action: string, subject: AuditSpec['subject'], references?: AuditSpec['references']) => SetMetadata(AUDITED, { action, subject, references } satisfies AuditSpec);

/** A request's query string as the subject of a search (`name=anna&status=received`). */
export const searchSubject = (req: FastifyRequest) => new URLSearchParams((req.query ?? {}) as Record<string, string>).toString() || '(everything)';

/** A path parameter as the subject. */
export const param = (name: string) => (req: FastifyRequest) => String((req.params as Record<string, string>)[name] ?? '');
