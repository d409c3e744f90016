import { Readable } from 'node:stream';
import { DocumentStore, type StoredBytes } from './document.store';

/** A DocumentStore in memory, for use cases' unit tests. */
export class InMemoryDocumentStore extends DocumentStore {
  readonly files = new Map<string, Buffer>();

  async put(tenantId: string, sha256: string, bytes: Buffer): Promise<string> {
    const key = `${tenantId}/${sha256.slice(0, 2)}/${sha256}`;
    this.files.set(key, Buffer.from(bytes));
    return key;
  }

  async get(key: string): Promise<StoredBytes | null> {
    const bytes = this.files.get(key);
    return bytes ? { stream: Readable.from([bytes]), size: bytes.length } : null;
  }
}
