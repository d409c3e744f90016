import { z } from 'zod';
import { CASE_STATUSES } from '../events/case-opened.v1';
import { REFERENCE_PATTERN } from '../reference';

/**
 * The kinds of document a citizen may send with a reply, as their content shows them (never by
 * their name nor the type their browser declared): PDF, JPEG, PNG, WebP, and HEIC (an iPhone's
 * photos; `image/heif` for the same container under its other brand).
 */
export const DOCUMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** At most this many files in one reply (form field `file`, repeated). */
export const MAX_REPLY_FILES = 5;
/** At most this many characters of message in one reply. */
export const MAX_REPLY_MESSAGE = 2000;
/** The form field of a reply's files; errors about one name it with its place, `file[0]`. */
export const REPLY_FILE_FIELD = 'file';

/**
 * The text fields of a citizen's reply to a request (case-service
 * `POST /api/v1/requests/:reference/replies`, `multipart/form-data`, beside 0 to 5 files in the
 * field `file`): the second factor (`email` or `phone`, exactly as given with the request, as the
 * follow look-up takes it) and an optional message. A message or a file is required.
 */
export const requestReplyFieldsSchema = z
  .object({
    email: z.string().trim().max(254).optional(),
    phone: z.string().trim().max(32).optional(),
    message: z.string().trim().max(MAX_REPLY_MESSAGE).optional(),
  })
  .strict();
export type RequestReplyFields = z.infer<typeof requestReplyFieldsSchema>;

/** One document of a case as its citizen sent it: its own name (made safe), its type by content, its size in bytes. */
export const replyDocumentSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES),
  size: z.number().int().nonnegative(),
});
export type ReplyDocument = z.infer<typeof replyDocumentSchema>;

/**
 * The answer to a citizen's reply (201): the request's status after it (a request waiting for the
 * citizen is open again) and the documents kept, in the order sent.
 */
export const requestReplySchema = z.object({
  reference: z.string().regex(REFERENCE_PATTERN),
  status: z.enum(CASE_STATUSES),
  documents: z.array(replyDocumentSchema),
});
export type RequestReply = z.infer<typeof requestReplySchema>;

/** Whether a document was checked by the city's virus scanner (an infected one is never kept). */
export const DOCUMENT_SCANS = ['clean', 'not-scanned'] as const;
export type DocumentScan = (typeof DOCUMENT_SCANS)[number];

/**
 * A document as staff see it on a case (`documents` of `GET /api/v1/cases/:reference`), its bytes
 * at `GET /api/v1/cases/:reference/documents/:id`.
 */
export const caseDocumentViewSchema = replyDocumentSchema.extend({
  uploadedAt: z.iso.datetime({ offset: true }),
  scan: z.enum(DOCUMENT_SCANS),
});
export type CaseDocumentView = z.infer<typeof caseDocumentViewSchema>;
