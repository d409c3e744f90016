import type { Readable } from 'node:stream';

/** A document's bytes as read back from a store. */
export interface StoredBytes {
  stream: Readable;
  size: number;
}

/** A file the edge wrote to the disk while it read it (a reply's file), whole, before anything was decided. */
export interface StagedFile {
  path: string;
  size: number;
}

/** What `put` did: the key the bytes are under, and whether this put wrote them (false: kept already). */
export interface PutResult {
  key: string;
  created: boolean;
}

/**
 * Where the bytes of citizens' documents are kept, by a key the store gives; what is known of each
 * document is in Postgres (case_documents). Content-addressed: the same bytes are kept once, under
 * their SHA-256, so keeping them again is harmless. `local` (files, LocalDocumentStore) is the
 * default; a city may add another (S3) behind this port and choose it with DOCUMENT_STORE.
 */
export abstract class DocumentStore {
  /**
   * The folder where the edge writes a reply's files while it reads them, made if need be: for the
   * local store one beside its files, so that `put` moves a file in with a rename.
   */
  abstract stagingFolder(): Promise<string>;
  /**
   * Takes a staged file under its SHA-256 (moved into place, or uploaded, and durable before it
   * returns); the staged file is gone afterwards, also when the same bytes were kept already.
   */
  abstract put(tenantId: string, sha256: string, file: StagedFile): Promise<PutResult>;
  /** The bytes under a key, or null when the store holds none. */
  abstract get(key: string): Promise<StoredBytes | null>;
  /** Whether the store holds bytes under a key. */
  abstract has(key: string): Promise<boolean>;
  /** Removes the bytes under a key (nothing when there are none): bytes kept for a reply that then failed. */
  abstract remove(key: string): Promise<void>;
}
