import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CaseConfig } from '../config';
import { DocumentStore, type StoredBytes } from './document.store';

/** A key of this store: `<tenant>/<2 hex>/<sha-256>`, nothing that could leave its folder. */
const KEY = /^([a-z0-9_-]{1,64})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const TENANT = /^[a-z0-9_-]{1,64}$/;

/** The local store's folder: DOCUMENT_STORE_DIR, else under the working folder (the system's temp folder in tests). */
export function documentStoreDir(
  config: Pick<CaseConfig, 'DOCUMENT_STORE_DIR' | 'NODE_ENV'>,
  cwd = process.cwd(),
): string {
  if (config.DOCUMENT_STORE_DIR) return resolve(cwd, config.DOCUMENT_STORE_DIR);
  return config.NODE_ENV === 'test'
    ? join(tmpdir(), 'city-case-documents')
    : resolve(cwd, 'data/case-service/documents');
}

/**
 * Documents as files in a folder (a volume of the host, or one shared by every replica), one per
 * content: written under a temporary name, flushed to the disk, then renamed into place and the
 * folder flushed, so that a crash leaves either the whole file or none under its name.
 */
export class LocalDocumentStore extends DocumentStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(tenantId: string, sha256: string, bytes: Buffer): Promise<string> {
    const tenant = tenantId.toLowerCase();
    if (!TENANT.test(tenant) || !/^[0-9a-f]{64}$/.test(sha256))
      throw new Error('document store: a tenant or digest that cannot name a file');
    const key = `${tenant}/${sha256.slice(0, 2)}/${sha256}`;
    const path = join(this.root, key);
    if (await exists(path)) return key; // the same bytes, kept already
    const folder = dirname(path);
    await mkdir(folder, { recursive: true });
    const temporary = join(folder, `.${sha256}.${randomUUID()}.tmp`);
    const file = await open(temporary, 'wx', 0o640);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } catch (e) {
      await file.close();
      await unlink(temporary).catch(() => undefined);
      throw e;
    }
    await file.close();
    await rename(temporary, path);
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return key;
  }

  async get(key: string): Promise<StoredBytes | null> {
    if (!KEY.test(key)) return null;
    const path = join(this.root, key);
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) return null;
    return { stream: createReadStream(path), size: s.size };
  }
}

const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
