import { Injectable, Logger } from '@nestjs/common';
import { DocumentStore } from '../documents/document.store';
import { CaseDocumentRepository } from '../record/case-document.repository';

/** A removed document's bytes in the store: its key and digest (nothing personal). */
export interface StoredBytes {
  key: string;
  sha256: string;
}

/**
 * Removes the bytes of documents an erasure or a retention run took off the record, after its
 * commit: each unless another document still has the same content. Says what could not be removed
 * (the store away), for the caller to keep and try again.
 */
@Injectable()
export class DocumentBytes {
  private readonly log = new Logger(DocumentBytes.name);

  constructor(
    private readonly documents: CaseDocumentRepository,
    private readonly store: DocumentStore,
  ) {}

  async remove(city: string, bytes: StoredBytes[]): Promise<StoredBytes[]> {
    const left: StoredBytes[] = [];
    for (const d of bytes) {
      try {
        if (!(await this.documents.anyWithContent(city, d.sha256))) await this.store.remove(d.key);
      } catch (err) {
        this.log.warn(`a document's bytes could not be removed yet (${String(err)}); kept to try again`);
        left.push(d);
      }
    }
    return left;
  }
}
