import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { MAX_REPLY_FILES, REPLY_FILE_FIELD } from '@city/contracts';
import { ApiError, invalid } from '@city/platform-http';
import type { CaseConfig } from '../config';
import type { ReceivedFile } from './reply-to-request/reply-to-request.usecase';

/**
 * The limits of the case-service's multipart forms (a citizen's reply is the only one): each file
 * read up to DOCUMENT_MAX_BYTES (a larger one is cut there and refused, naming its field), at most
 * five files, a few short text fields. Over a limit, nothing more is read.
 */
export const replyFormOptions = (
  config: Pick<CaseConfig, 'DOCUMENT_MAX_BYTES'>,
): FastifyMultipartBaseOptions => ({
  throwFileSizeLimit: false,
  limits: {
    fileSize: config.DOCUMENT_MAX_BYTES,
    files: MAX_REPLY_FILES,
    fields: 10,
    // A message of 2000 characters in any script fits; a longer value is cut here and refused as too long.
    fieldSize: 16 * 1024,
    fieldNameSize: 100,
    parts: MAX_REPLY_FILES + 10,
    headerPairs: 50,
  },
});

export interface ReplyForm {
  fields: Record<string, string>;
  files: ReceivedFile[];
  tooManyFiles: boolean;
}

const code = (e: unknown) => (e as { code?: unknown } | null)?.code;

/**
 * A reply's multipart form, read whole: its text fields, and each file of the field `file` in
 * memory with its place (`file[0]`) and whether it was cut at the size limit. A file of another
 * field, a field given twice, or a form that is not multipart is refused; the rules on what was
 * sent are the use case's.
 */
export async function readReplyForm(req: FastifyRequest): Promise<ReplyForm> {
  if (!req.isMultipart())
    throw new ApiError(415, 'Send the reply as multipart/form-data.', [
      { field: '(body)', reason: 'send multipart/form-data' },
    ]);
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  const problems: Array<{ field: string; reason: string }> = [];
  let tooManyFiles = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.fieldname !== REPLY_FILE_FIELD) {
          problems.push({ field: part.fieldname, reason: `send files in the field ${REPLY_FILE_FIELD}` });
          continue;
        }
        files.push({
          field: `${REPLY_FILE_FIELD}[${files.length}]`,
          name: part.filename,
          bytes: Buffer.concat(chunks),
          truncated: part.file.truncated,
        });
      } else if (Object.hasOwn(fields, part.fieldname)) {
        problems.push({ field: part.fieldname, reason: 'given more than once' });
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (e) {
    switch (code(e)) {
      case 'FST_FILES_LIMIT':
        tooManyFiles = true;
        break;
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        throw new ApiError(413, 'The form has more fields than a reply takes.', [
          { field: '(body)', reason: 'too many fields' },
        ]);
      case 'FST_PROTO_VIOLATION':
        throw invalid([{ field: '(body)', reason: 'a field name that is not allowed' }]);
      default:
        // Busboy's own refusals: a form cut short, a boundary missing.
        if (e instanceof Error && !code(e))
          throw invalid([{ field: '(body)', reason: `not a readable multipart form: ${e.message}` }]);
        throw e;
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return { fields, files, tooManyFiles };
}
