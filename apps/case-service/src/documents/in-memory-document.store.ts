import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DocumentStore, type PutResult, type StagedFile, type StoredBytes } from './document.store';

/** A DocumentStore in memory, for use cases' unit tests: it takes a staged file's bytes and removes the file. */
export class InMemoryDocumentStore extends DocumentStore {
  readonly files = new Map<string, Buffer>();
  private staging?: string;

  async stagingFolder(): Promise<string> {
    this.staging ??= mkdtempSync(join(tmpdir(), 'in-memory-documents-'));
    return this.staging;
  }

  async put(tenantId: string, sha256: string, file: StagedFile): Promise<PutResult> {
    const key = `${tenantId}/${sha256.slice(0, 2)}/${sha256}`;
    const created = !this.files.has(key);
    if (created) this.files.set(key, await readFile(file.path));
    await rm(file.path, { force: true });
    return { key, created };
  }

  async get(key: string): Promise<StoredBytes | null> {
    const bytes = this.files.get(key);
    return bytes ? { stream: Readable.from([bytes]), size: bytes.length } : null;
  }

  async has(key: string): Promise<boolean> {
    return this.files.has(key);
  }

  async remove(key: string): Promise<void> {
    this.files.delete(key);
  }
}
