import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  MAX_REPLY_FILES,
  REPLY_FILE_FIELD,
  type Channel,
  type DocumentContentType,
  type FieldError,
  type RequestReplyFields,
} from '@city/contracts';
import { checkTransition, TERMINAL_STATUSES } from '@city/domain-cases';
import { APP_CONFIG } from '@city/platform-config';
import { Transaction } from '@city/platform-database';
import type { CaseConfig } from '../../config';
import { CaseDocument } from '../../record/case-document.entity';
import { CaseDocumentRepository } from '../../record/case-document.repository';
import { CaseHistory } from '../../record/case-history';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound } from '../../record/case-rules';
import { FollowRequestUseCase } from '../../requests/follow-request/follow-request.usecase';
import { contentTypeOf, safeFileName } from '../document-content.util';
import { DocumentScanner, ScannerUnavailable, type ScanVerdict } from '../document.scanner';
import { DocumentStore } from '../document.store';

/** A file of a reply as the edge read it. */
export interface ReceivedFile {
  /** Its field with its place among the reply's files (`file[0]`): what a refusal names. */
  field: string;
  /** The name its sender gave it (anything at all). */
  name: string | undefined;
  bytes: Buffer;
  /** Cut at DOCUMENT_MAX_BYTES while it was read: it was larger. */
  truncated: boolean;
}

/** A citizen's reply to one of their requests, from the portal or a kiosk. */
export interface CitizenReply {
  /** The reference as the citizen wrote it. */
  reference: string;
  fields: RequestReplyFields;
  files: ReceivedFile[];
  /** More files were sent than a reply takes (the edge stopped reading at the limit). */
  tooManyFiles?: boolean;
  channel: Channel;
}

export interface ReplyKept {
  case: CaseRecord;
  documents: CaseDocument[];
}

const TYPE_NAMES = 'a PDF, JPEG, PNG, WebP or HEIC file';
const plural = (n: number, one: string) => (n === 1 ? `a ${one}` : `${n} ${one}s`);
const sizeWords = (bytes: number) =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;

/** What the citizen sent, in words: "2 documents and a message", "a document", "a message". */
export function replyWords(documents: number, withMessage: boolean): string {
  const parts = [
    ...(documents > 0 ? [plural(documents, 'document')] : []),
    ...(withMessage ? ['a message'] : []),
  ];
  return parts.join(' and ');
}

/**
 * A citizen answers a request with documents and/or a message, proving it is theirs with the email
 * or phone they gave (the follow look-up's second factor). Each file is taken by what its content
 * is (PDF, JPEG, PNG, WebP, HEIC), within the size limit, and through the city's virus scanner;
 * any refusal keeps nothing. The bytes go to the DocumentStore, then in one transaction the
 * documents' rows, the reply on the timeline (its message kept there for staff) and, for a request
 * waiting for the citizen, its move back to `open` (on the timeline and out as CaseChanged, as an
 * agent's change is, so the workflow moves on and the clocks run again). A request that reached its
 * end (closed, withdrawn, duplicate, not ours) takes no reply.
 */
@Injectable()
export class ReplyToRequestUseCase {
  constructor(
    private readonly follow: FollowRequestUseCase,
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly documents: CaseDocumentRepository,
    private readonly history: CaseHistory,
    private readonly store: DocumentStore,
    private readonly scanner: DocumentScanner,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID' | 'DOCUMENT_MAX_BYTES'>,
  ) {}

  async execute(reply: CitizenReply): Promise<ReplyKept> {
    const message = reply.fields.message?.trim() || null;
    this.checkShape(reply, message);
    // Only its reporter replies: a follower's email or phone is refused (403).
    const found = await this.follow.asReporter(reply.reference, {
      email: reply.fields.email || undefined,
      phone: reply.fields.phone || undefined,
    });
    refuseIfEnded(found);
    const typed = await this.checkFiles(reply.files);
    const verdicts = await this.scan(typed);

    // Kept before the transaction (a store is no part of it): bytes of a reply that then fails stay
    // unreferenced, and the same bytes sent again are kept once (content-addressed).
    const now = new Date();
    const kept: CaseDocument[] = [];
    for (const [i, f] of typed.entries()) {
      const sha256 = createHash('sha256').update(f.bytes).digest('hex');
      const storageKey = await this.store.put(found.tenantId, sha256, f.bytes);
      kept.push(
        Object.assign(new CaseDocument(), {
          id: randomUUID(),
          tenantId: found.tenantId,
          caseId: found.id,
          name: safeFileName(f.name),
          contentType: f.contentType,
          size: f.bytes.length,
          sha256,
          storageKey,
          scan: verdicts[i],
          uploadedAt: now,
          uploadedBy: 'citizen' as const,
        }),
      );
    }

    return this.tx.run(async () => {
      const c = await this.cases.byId(found.id, true);
      if (!c) throw caseNotFound(found.reference);
      refuseIfEnded(c);
      await this.documents.add(kept);
      await this.cases.addToTimeline([
        {
          tenantId: c.tenantId,
          caseId: c.id,
          kind: 'citizen-replied',
          actor: 'citizen',
          channel: reply.channel,
          at: now,
          summary: `The citizen replied: ${replyWords(kept.length, message !== null)}`,
          details: {
            documents: kept.map((d) => ({
              id: d.id,
              name: d.name,
              contentType: d.contentType,
              size: d.size,
            })),
            message,
          },
        },
      ]);
      if (c.status !== 'waiting-for-citizen' || !checkTransition(c.status, 'open', null).ok)
        return { case: c, documents: kept };
      c.status = 'open';
      const saved = await this.cases.save(c);
      await this.history.record(saved, {
        actor: 'citizen',
        channel: reply.channel,
        kind: 'status-changed',
        summary: 'waiting-for-citizen → open: the citizen replied',
        change: {
          change: 'status-changed',
          from: 'waiting-for-citizen',
          to: 'open',
          reason: 'The citizen replied',
        },
        at: now,
      });
      return { case: saved, documents: kept };
    });
  }

  /** A message or a file, at most five files: refused before anything is looked up. */
  private checkShape(reply: CitizenReply, message: string | null): void {
    if (reply.tooManyFiles || reply.files.length > MAX_REPLY_FILES)
      throw DomainError.invalid('reply.too-many-files', `Send at most ${MAX_REPLY_FILES} files at once.`, [
        { field: REPLY_FILE_FIELD, reason: `at most ${MAX_REPLY_FILES} files` },
      ]);
    if (!message && reply.files.length === 0)
      throw DomainError.invalid('reply.empty', 'Send a message, a file, or both.', [
        { field: 'message', reason: 'write a message or attach a file' },
      ]);
  }

  /** Each file within the size limit (413, every one too large named), then of a type the city takes by its content (415). */
  private async checkFiles(files: ReceivedFile[]) {
    const max = this.config.DOCUMENT_MAX_BYTES;
    const tooLarge: FieldError[] = files
      .filter((f) => f.truncated || f.bytes.length > max)
      .map((f) => ({ field: f.field, reason: `larger than ${sizeWords(max)}` }));
    if (tooLarge.length > 0)
      throw DomainError.tooLarge(
        'document.too-large',
        `A file may be at most ${sizeWords(max)}; nothing was kept.`,
        tooLarge,
      );
    const typed: Array<ReceivedFile & { contentType: DocumentContentType }> = [];
    const wrongType: FieldError[] = [];
    for (const f of files) {
      const t = await contentTypeOf(f.bytes);
      if ('allowed' in t) typed.push({ ...f, contentType: t.allowed });
      else
        wrongType.push({
          field: f.field,
          reason: t.found
            ? `its content is ${t.found}, which is not taken: send ${TYPE_NAMES}`
            : `its content is of no type we recognise: send ${TYPE_NAMES}`,
        });
    }
    if (wrongType.length > 0)
      throw DomainError.unsupportedType(
        'document.type-not-allowed',
        `Send ${TYPE_NAMES}; nothing was kept.`,
        wrongType,
      );
    return typed;
  }

  /** Every file through the city's scanner: one infected refuses the reply (422); no verdict, 503. */
  private async scan(files: ReceivedFile[]): Promise<Array<'clean' | 'not-scanned'>> {
    const verdicts: Array<'clean' | 'not-scanned'> = [];
    const infected: FieldError[] = [];
    for (const f of files) {
      let v: ScanVerdict;
      try {
        v = await this.scanner.scan(f.bytes);
      } catch (e) {
        if (!(e instanceof ScannerUnavailable)) throw e;
        throw DomainError.unavailable(
          'document.scanner-unavailable',
          'Documents cannot be checked for viruses just now; nothing was kept. Try again in a few minutes.',
          60,
        );
      }
      if (v.outcome === 'infected')
        infected.push({
          field: f.field,
          reason: `the virus scanner refused it${v.signature ? ` (${v.signature})` : ''}`,
        });
      else verdicts.push(v.outcome);
    }
    if (infected.length > 0)
      throw DomainError.unprocessable(
        'document.infected',
        'A file did not pass the virus check; nothing was kept.',
        infected,
      );
    return verdicts;
  }
}

/** A request that reached its end takes no reply: the citizen makes a new one. */
function refuseIfEnded(c: CaseRecord): void {
  if (!TERMINAL_STATUSES.includes(c.status)) return;
  throw DomainError.conflict(
    'reply.request-ended',
    `This request is ${c.status.replace(/-/g, ' ')} and takes no more replies; make a new request if you need to.`,
    [{ field: 'reference', reason: `the request is ${c.status}` }],
  );
}
