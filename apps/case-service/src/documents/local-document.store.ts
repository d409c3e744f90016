import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CaseConfig } from '../config';
import { DocumentStore, type PutResult, type StagedFile, type StoredBytes } from './document.store';

/** A key of this store: `<tenant>/<2 hex>/<sha-256>`, nothing that could leave its folder. */
const KEY = /^([a-z0-9_-]{1,64})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const TENANT = /^[a-z0-9_-]{1,64}$/;
/** The folder of files being read, beside the tenants' (no tenant is named with a dot). */
const STAGING = '.staging';
/** A staged file older than this was left by a process that stopped while reading it. */
const STALE_MS = 60 * 60 * 1000;

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
 * content. A reply's files are written by the edge into the store's staging folder as they arrive;
 * one kept is flushed to the disk, renamed into place and its folder flushed, so that a crash leaves
 * either the whole file or none under its name. Staged files left by a process that stopped are
 * removed, an hour old, when the store first stages one.
 */
export class LocalDocumentStore extends DocumentStore {
  private staging?: Promise<string>;

  constructor(private readonly root: string) {
    super();
  }

  stagingFolder(): Promise<string> {
    this.staging ??= (async () => {
      const folder = join(this.root, STAGING);
      await mkdir(folder, { recursive: true });
      await removeStale(folder);
      return folder;
    })().catch((e) => {
      this.staging = undefined;
      throw e;
    });
    return this.staging;
  }

  async put(tenantId: string, sha256: string, file: StagedFile): Promise<PutResult> {
    const tenant = tenantId.toLowerCase();
    if (!TENANT.test(tenant) || !/^[0-9a-f]{64}$/.test(sha256))
      throw new Error('document store: a tenant or digest that cannot name a file');
    const key = `${tenant}/${sha256.slice(0, 2)}/${sha256}`;
    const path = join(this.root, key);
    if (await exists(path)) {
      // The same bytes, kept already.
      await rm(file.path, { force: true });
      return { key, created: false };
    }
    const folder = dirname(path);
    await mkdir(folder, { recursive: true });
    await syncFile(file.path);
    await rename(file.path, path).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EXDEV') throw e;
      // Staged on another file system: copied beside its place, then renamed.
      const beside = join(folder, `.${sha256}.${process.pid}.${Date.now()}.tmp`);
      try {
        await copyFile(file.path, beside);
        await syncFile(beside);
        await rename(beside, path);
      } finally {
        await rm(beside, { force: true });
        await rm(file.path, { force: true });
      }
    });
    await syncFile(folder);
    return { key, created: true };
  }

  async get(key: string): Promise<StoredBytes | null> {
    if (!KEY.test(key)) return null;
    const path = join(this.root, key);
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) return null;
    return { stream: createReadStream(path), size: s.size };
  }

  async has(key: string): Promise<boolean> {
    return KEY.test(key) && exists(join(this.root, key));
  }

  async remove(key: string): Promise<void> {
    if (!KEY.test(key)) return;
    await rm(join(this.root, key), { force: true });
  }
}

const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** Flushes a file (or a folder's entries) to the disk. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeStale(folder: string): Promise<void> {
  const before = Date.now() - STALE_MS;
  for (const name of await readdir(folder)) {
    const path = join(folder, name);
    const s = await stat(path).catch(() => null);
    if (s?.isFile() && s.mtimeMs < before) await rm(path, { force: true });
  }
}
