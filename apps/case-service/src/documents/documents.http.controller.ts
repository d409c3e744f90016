import { Controller, Get, Header, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  DOCUMENT_CONTENT_TYPES,
  MAX_REPLY_FILES,
  MAX_REPLY_MESSAGE,
  REPLY_FILE_FIELD,
  requestReplyFieldsSchema,
  requestReplySchema,
  type RequestReply,
} from '@city/contracts';
import { normalizeReference } from '@city/domain-intake';
import { Audited, param } from '@city/platform-audit';
import { Allow, Public, City } from '@city/platform-auth';
import { openApiSchema, parseBody, RateLimit } from '@city/platform-http';
import { ApiReference, referenceInPath } from '../requests/request-routes.decorators';
import { attachmentDisposition, downloadName } from './document-content.util';
import { DocumentStore } from './document.store';
import { ReadDocumentUseCase } from './read-document/read-document.usecase';
import { withReplyForm } from './reply-form';
import { ReplyToRequestUseCase } from './reply-to-request/reply-to-request.usecase';

const referenceOfPath = (req: FastifyRequest) =>
  normalizeReference(param('reference')(req)) ?? param('reference')(req);

/** Documents on cases: citizens send them with a reply to their request; staff read them. */
@Controller('api/v1')
export class DocumentsHttpController {
  constructor(
    private readonly replyToRequest: ReplyToRequestUseCase,
    private readonly readDocument: ReadDocumentUseCase,
    private readonly store: DocumentStore,
  ) {}

  /** A citizen answers their request (the document asked for, a report's photos) with the second factor. */
  @Post('requests/:reference/replies')
  @ApiTags('requests')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Reply to a request, with documents',
    description:
      `As \`multipart/form-data\`: \`email\` or \`phone\` (given with the request, as \`GET requests/:reference\` takes them), ` +
      `\`message\` (at most ${MAX_REPLY_MESSAGE} characters) and 0 to ${MAX_REPLY_FILES} files in \`${REPLY_FILE_FIELD}\`; a message or a file. ` +
      'The email or phone comes before the files: the request is checked before any file is read. ' +
      'Each file is taken by its content (PDF, JPEG, PNG, WebP, HEIC), never its name, within the size limit ' +
      '(DOCUMENT_MAX_BYTES) and through the virus scanner when the city has one. A request waiting for the citizen ' +
      'is open again. Rate limited per client and per reference, with the follow look-ups.',
  })
  @ApiReference()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        ...(openApiSchema(requestReplyFieldsSchema).properties as Record<string, unknown>),
        [REPLY_FILE_FIELD]: {
          type: 'array',
          maxItems: MAX_REPLY_FILES,
          items: { type: 'string', format: 'binary' },
        },
      },
    },
  })
  @ApiResponse({
    status: 201,
    description: '`{ reference, status, documents: [{ id, name, contentType, size }] }`',
    schema: openApiSchema(requestReplySchema),
  })
  @ApiResponse({
    status: 400,
    description:
      'Not a reference, no second factor (or files sent before it), neither message nor file, more than five files',
  })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  @ApiResponse({ status: 409, description: 'The request is closed, withdrawn, a duplicate or not ours' })
  @ApiResponse({
    status: 413,
    description: 'A file is larger than allowed (its field named, e.g. `file[1]`)',
  })
  @ApiResponse({
    status: 415,
    description: 'A file is not a PDF or image by its content (field and type found)',
  })
  @ApiResponse({ status: 422, description: 'A file did not pass the virus check (its field named)' })
  @ApiResponse({ status: 429, description: 'Too many tries (Retry-After)' })
  @ApiResponse({
    status: 503,
    description: 'The virus scanner cannot be reached (Retry-After); nothing was kept',
  })
  @RateLimit('second-factor', referenceInPath)
  @Public(
    'citizens answer their own request without an account, proving it is theirs with the email or phone they gave (the second factor of the follow look-up)',
  )
  async reply(
    @Param('reference') raw: string,
    @Req() req: FastifyRequest,
    @City() city: string,
  ): Promise<RequestReply> {
    const reading = {
      folder: await this.store.stagingFolder(),
      beforeFiles: (fields: Record<string, string>) =>
        this.replyToRequest.admit(city, raw, parseBody(requestReplyFieldsSchema, fields)),
    };
    return withReplyForm(req, reading, async (form) => {
      const kept = await this.replyToRequest.execute(city, {
        reference: raw,
        fields: parseBody(requestReplyFieldsSchema, form.fields),
        files: form.files,
        tooManyFiles: form.tooManyFiles,
        channel: 'web',
      });
      return {
        reference: kept.case.reference,
        status: kept.case.status,
        documents: kept.documents.map((d) => ({
          id: d.id,
          name: d.name,
          contentType: d.contentType,
          size: d.size,
        })),
      };
    });
  }

  /** Staff download a document of a case, as an attachment (never shown inline by the browser). */
  @Get('cases/:reference/documents/:id')
  @ApiTags('cases')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: 'Download a document of a case',
    description:
      'Its bytes with the type its content showed, as an attachment under its own name (with the extension of its type).',
  })
  @ApiReference()
  @ApiParam({ name: 'id', description: 'The document id, from `documents` of the case' })
  @ApiProduces(...DOCUMENT_CONTENT_TYPES)
  @ApiOkResponse({ description: 'The document', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 404, description: 'No such case, or no such document on it' })
  @ApiResponse({ status: 503, description: 'The document store cannot be read just now' })
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @Audited(
    'case.document',
    (req) => `${referenceOfPath(req)}/documents/${param('id')(req)}`,
    (_result, req) => [referenceOfPath(req)],
  )
  async download(
    @Param('reference') raw: string,
    @Param('id') id: string,
    @City() city: string,
  ): Promise<StreamableFile> {
    const { document, bytes } = await this.readDocument.execute(city, raw, id);
    return new StreamableFile(bytes.stream, {
      type: document.contentType,
      disposition: attachmentDisposition(downloadName(document.name, document.contentType)),
      length: bytes.size,
    });
  }
}
