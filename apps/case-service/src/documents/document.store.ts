import type { Readable } from 'node:stream';

/** A document's bytes as read back from a store. */
export interface StoredBytes {
  stream: Readable;
  size: number;
}

/**
 * Where the bytes of citizens' documents are kept, by a key the store gives; what is known of each
 * document is in Postgres (case_documents). Content-addressed: the same bytes are kept once, under
 * their SHA-256, so keeping them again is harmless. `local` (files, LocalDocumentStore) is the
 * default; a city may add another (S3) behind this port and choose it with DOCUMENT_STORE.
 */
export abstract class DocumentStore {
  /** Keeps the bytes durably (written through to the disk or the remote store) before it returns their key. */
  abstract put(tenantId: string, sha256: string, bytes: Buffer): Promise<string>;
  /** The bytes under a key, or null when the store holds none. */
  abstract get(key: string): Promise<StoredBytes | null>;
}
