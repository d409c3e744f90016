import { randomUUID } from 'node:crypto';
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
import { DocumentStore, type StagedFile } from '../document.store';

/**
 * A file of a reply as the edge read it: written to the store's staging folder as it arrived (never
 * held in memory), its digest and first bytes taken on the way.
 */
export interface ReceivedFile extends StagedFile {
  /** Its field with its place among the reply's files (`file[0]`): what a refusal names. */
  field: string;
  /** The name its sender gave it (anything at all). */
  name: string | undefined;
  /** Hex SHA-256 of its bytes. */
  sha256: string;
  /** Its first bytes (up to 4100, those file-type reads a type by). */
  head: Buffer;
  /** Cut at DOCUMENT_MAX_BYTES while it was read: it was larger (and its staged file is gone). */
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

/** The lock the rows of documents with these bytes are written and their bytes removed under. */
const contentLock = (sha256: string) => `case-document:${sha256}`;

/**
 * A citizen answers a request with documents and/or a message, proving it is theirs with the email
 * or phone they gave (the follow look-up's second factor; the edge asks `admit` before it reads any
 * file). Each file is taken by what its content is (PDF, JPEG, PNG, WebP, HEIC), within the size
 * limit, and through the city's virus scanner; any refusal keeps nothing. The staged files go into
 * the DocumentStore, then in one transaction the documents' rows, the reply on the timeline (its
 * message kept there for staff) and, for a request waiting for the citizen, its move back to `open`
 * (on the timeline and out as CaseChanged, as an agent's change is, so the workflow moves on and the
 * clocks run again); when that transaction fails, the bytes this reply added and no document uses
 * are removed again. A request that reached its end (closed, withdrawn, duplicate, not ours) takes
 * no reply.
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
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'DOCUMENT_MAX_BYTES'>,
  ) {}

  /**
   * The request a reply is for, by its reference and second factor, while it takes replies: what the
   * edge checks before it reads a file, so a stranger's files are never read.
   */
  async admit(tenantId: string, rawReference: string, fields: RequestReplyFields): Promise<CaseRecord> {
    // Only its reporter replies: a follower's email or phone is refused (403).
    const found = await this.follow.asReporter(tenantId, rawReference, {
      email: fields.email || undefined,
      phone: fields.phone || undefined,
    });
    refuseIfEnded(found);
    return found;
  }

  async execute(tenantId: string, reply: CitizenReply): Promise<ReplyKept> {
    const message = reply.fields.message?.trim() || null;
    this.checkShape(reply, message);
    const found = await this.admit(tenantId, reply.reference, reply.fields);
    const typed = await this.checkFiles(reply.files);
    const verdicts = await this.scan(typed);

    // Kept before the transaction (a store is no part of it); the same bytes sent again are kept once
    // (content-addressed).
    const now = new Date();
    const kept: CaseDocument[] = [];
    const added: CaseDocument[] = [];
    try {
      for (const [i, f] of typed.entries()) {
        const { key, created } = await this.store.put(found.tenantId, f.sha256, f);
        const document = Object.assign(new CaseDocument(), {
          id: randomUUID(),
          tenantId: found.tenantId,
          caseId: found.id,
          name: safeFileName(f.name),
          contentType: f.contentType,
          size: f.size,
          sha256: f.sha256,
          storageKey: key,
          scan: verdicts[i],
          uploadedAt: now,
          uploadedBy: 'citizen' as const,
        });
        kept.push(document);
        if (created) added.push(document);
      }
      return await this.keep(reply, found, kept, message, now);
    } catch (e) {
      await this.forget(added).catch(() => undefined);
      throw e;
    }
  }

  /** In one transaction: the documents' rows, the reply on the timeline and the request open again. */
  private keep(
    reply: CitizenReply,
    found: CaseRecord,
    kept: CaseDocument[],
    message: string | null,
    now: Date,
  ): Promise<ReplyKept> {
    return this.tx.run(async () => {
      const c = await this.cases.byId(found.id, true);
      if (!c) throw caseNotFound(found.reference);
      refuseIfEnded(c);
      // Bytes kept by another reply may have been removed since (that reply failed): then nothing is kept.
      await this.tx.lock(kept.map((d) => contentLock(d.sha256)));
      for (const d of kept)
        if (!(await this.store.has(d.storageKey)))
          throw DomainError.unavailable(
            'document.store-changed',
            'The documents could not be kept just now; nothing was kept. Send them again.',
            1,
          );
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

  /**
   * Removes the bytes this reply added to the store when its transaction failed, unless a document
   * uses them (another reply's, with the same bytes, committed meanwhile: the lock orders the two).
   */
  private async forget(added: CaseDocument[]): Promise<void> {
    if (added.length === 0) return;
    await this.tx.run(async () => {
      await this.tx.lock(added.map((d) => contentLock(d.sha256)));
      for (const d of added)
        if (!(await this.documents.anyWithContent(d.tenantId, d.sha256)))
          await this.store.remove(d.storageKey);
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
      .filter((f) => f.truncated || f.size > max)
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
      const t = await contentTypeOf(f.head);
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
        v = await this.scanner.scan(f);
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
