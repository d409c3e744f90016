import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '@city/contracts';
import type { CaseDocument } from '../../record/case-document.entity';
import { CaseDocumentRepository } from '../../record/case-document.repository';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound, referenceOf } from '../../record/case-rules';
import { DocumentStore, type StoredBytes } from '../document.store';

export interface DocumentRead {
  document: CaseDocument;
  bytes: StoredBytes;
}

const isUuid = (s: string) => z.uuid().safeParse(s).success;

/** Staff open a document of a case: what is known of it, and its bytes from the store. */
@Injectable()
export class ReadDocumentUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly documents: CaseDocumentRepository,
    private readonly store: DocumentStore,
  ) {}

  async execute(tenantId: string, rawReference: string, id: string): Promise<DocumentRead> {
    const reference = referenceOf(rawReference);
    const notFound = DomainError.notFound('document.not-found', `No such document on case ${reference}.`, [
      { field: 'id', reason: 'no such document on this case' },
    ]);
    if (!isUuid(id)) throw notFound;
    const c = await this.cases.workedByCity(tenantId, reference);
    if (!c) throw caseNotFound(reference);
    const document = await this.documents.byId(c.id, id);
    if (!document || document.tenantId !== c.tenantId) throw notFound;
    const bytes = await this.store.get(document.storageKey);
    // Known but not in the store: the store is away or not this replica's (a volume not shared).
    if (!bytes)
      throw DomainError.unavailable(
        'document.bytes-unavailable',
        'The document cannot be read from the document store just now.',
        30,
      );
    return { document, bytes };
  }
}
