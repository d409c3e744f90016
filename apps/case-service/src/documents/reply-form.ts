import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyMultipartBaseOptions, MultipartFile } from '@fastify/multipart';
import { HttpException } from '@nestjs/common';
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

export interface ReplyFormReading {
  /** The folder each file is written to as it arrives (the document store's staging folder). */
  folder: string;
  /**
   * Asked once, at the first file, with the fields read so far (the second factor among them): it
   * throws to refuse the reply before any file is read.
   */
  beforeFiles: (fields: Record<string, string>) => Promise<unknown>;
}

/** The bytes file-type reads a type by (its `reasonableDetectionSizeInBytes`): kept of each file's start. */
const HEAD_BYTES = 4100;

const code = (e: unknown) => (e as { code?: unknown } | null)?.code;

/**
 * A reply's multipart form, read part by part in the order sent, for `use`: its text fields, then
 * each file of the field `file`, written to a file of its own in `folder` as it arrives (hashed and
 * its first bytes kept on the way; never whole in memory), with its place (`file[0]`). The second
 * factor must come before the files: at the first file `beforeFiles` checks it and the reference, so
 * nobody else's files are read at all. A file over the size limit is cut there, its written part
 * removed, and nothing more is read. Whatever `use` does not take away (the store moves a kept
 * file) is removed from the disk when it ends, however it ends. A file of another field, a field
 * given twice, or a form that is not multipart is refused; the rules on what was sent are the use
 * case's.
 */
export async function withReplyForm<T>(
  req: FastifyRequest,
  reading: ReplyFormReading,
  use: (form: ReplyForm) => Promise<T>,
): Promise<T> {
  const staged: string[] = [];
  try {
    return await use(await readReplyForm(req, reading, staged));
  } finally {
    await Promise.all(staged.map((path) => rm(path, { force: true })));
  }
}

async function readReplyForm(
  req: FastifyRequest,
  { folder, beforeFiles }: ReplyFormReading,
  staged: string[],
): Promise<ReplyForm> {
  if (!req.isMultipart())
    throw new ApiError(415, 'Send the reply as multipart/form-data.', [
      { field: '(body)', reason: 'send multipart/form-data' },
    ]);
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  const problems: Array<{ field: string; reason: string }> = [];
  let tooManyFiles = false;
  let admitted = false;
  /** The file part being read, for the rest of the body to be let go when reading stops before it ends. */
  let current: Readable | undefined;
  let readToTheEnd = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (Object.hasOwn(fields, part.fieldname))
          problems.push({ field: part.fieldname, reason: 'given more than once' });
        else fields[part.fieldname] = String(part.value ?? '');
        continue;
      }
      current = part.file;
      if (!admitted) {
        if (!fields.email?.trim() && !fields.phone?.trim())
          throw invalid([{ field: 'email', reason: 'send the email or phone before the files' }]);
        await beforeFiles(fields);
        admitted = true;
      }
      if (part.fieldname !== REPLY_FILE_FIELD)
        throw invalid([{ field: part.fieldname, reason: `send files in the field ${REPLY_FILE_FIELD}` }]);
      const path = join(folder, `${randomUUID()}.part`);
      staged.push(path);
      const file = await stage(part, path, `${REPLY_FILE_FIELD}[${files.length}]`);
      current = undefined;
      files.push(file);
      if (file.truncated) {
        // Refused whatever follows: nothing more is read, and nothing of it kept.
        await rm(path, { force: true });
        return { fields, files, tooManyFiles };
      }
    }
    readToTheEnd = true;
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
        if (e instanceof Error && !code(e) && !(e instanceof HttpException))
          throw invalid([{ field: '(body)', reason: `not a readable multipart form: ${e.message}` }]);
        throw e;
    }
  } finally {
    if (!readToTheEnd) letTheRestGo(req, current);
  }
  if (problems.length > 0) throw invalid(problems);
  return { fields, files, tooManyFiles };
}

/** Writes a file part to `path` as it arrives, its SHA-256 and first bytes taken on the way. */
async function stage(part: MultipartFile, path: string, field: string): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  const head = Buffer.alloc(HEAD_BYTES);
  let headSize = 0;
  let size = 0;
  await pipeline(
    part.file,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        if (headSize < HEAD_BYTES) headSize += chunk.copy(head, headSize);
        yield chunk;
      }
    },
    createWriteStream(path, { flags: 'wx', mode: 0o640 }),
  );
  return {
    field,
    name: part.filename,
    path,
    size,
    sha256: hash.digest('hex'),
    head: Buffer.from(head.subarray(0, headSize)),
    truncated: part.file.truncated,
  };
}

/**
 * Reading stopped before the body's end (a refusal): the parser is let go and the rest of the body is
 * read and dropped as it arrives, so the client gets its answer on a connection that stays usable.
 */
function letTheRestGo(req: FastifyRequest, current: Readable | undefined): void {
  req.raw.unpipe();
  current?.destroy();
  req.raw.resume();
}
