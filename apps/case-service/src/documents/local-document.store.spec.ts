import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { StagedFile } from './document.store';
import { documentStoreDir, LocalDocumentStore } from './local-document.store';

describe('documents kept as files', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'case-documents-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  let n = 0;
  /** A file as the edge leaves it in the store's staging folder. */
  const staged = async (store: LocalDocumentStore, bytes: Buffer): Promise<StagedFile> => {
    const path = join(await store.stagingFolder(), `reply-${n++}.part`);
    await writeFile(path, bytes);
    return { path, size: bytes.length };
  };

  it('moves a staged file in under its digest, whole, with nothing left in staging, and reads it back', async () => {
    const store = new LocalDocumentStore(root);
    const bytes = Buffer.from('%PDF-1.4 proof of address');
    const file = await staged(store, bytes);
    expect(file.path.startsWith(join(root, '.staging'))).toBe(true);
    const { key, created } = await store.put('default', sha(bytes), file);
    expect(created).toBe(true);
    expect(key).toBe(`default/${sha(bytes).slice(0, 2)}/${sha(bytes)}`);
    expect(await readFile(join(root, key))).toEqual(bytes);
    expect(await readdir(join(root, 'default', sha(bytes).slice(0, 2)))).toEqual([sha(bytes)]);
    expect(await readdir(join(root, '.staging'))).toEqual([]);
    const read = await store.get(key);
    expect(read?.size).toBe(bytes.length);
    expect(await text(read!.stream)).toBe('%PDF-1.4 proof of address');
  });

  it('keeps the same bytes once, and lets the second staged file go', async () => {
    const store = new LocalDocumentStore(root);
    const bytes = Buffer.from('same');
    const first = await store.put('default', sha(bytes), await staged(store, bytes));
    const second = await store.put('default', sha(bytes), await staged(store, bytes));
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.key).toBe(first.key);
    expect(await readdir(join(root, 'default', sha(bytes).slice(0, 2)))).toHaveLength(1);
    expect(await readdir(join(root, '.staging'))).toEqual([]);
  });

  it('takes a file staged on another file system too', async () => {
    const store = new LocalDocumentStore(root);
    const elsewhere = await mkdtemp(join(tmpdir(), 'staged-elsewhere-'));
    try {
      const bytes = Buffer.from('from elsewhere');
      await writeFile(join(elsewhere, 'f'), bytes);
      const { key } = await store.put('default', sha(bytes), {
        path: join(elsewhere, 'f'),
        size: bytes.length,
      });
      expect(await readFile(join(root, key))).toEqual(bytes);
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('removes the bytes under a key, and nothing outside its folder', async () => {
    const store = new LocalDocumentStore(root);
    const bytes = Buffer.from('of a reply that failed');
    const { key } = await store.put('default', sha(bytes), await staged(store, bytes));
    await store.remove(key);
    expect(await store.get(key)).toBeNull();
    await store.remove(key);
    await writeFile(join(root, 'keep'), 'x');
    await store.remove('../keep');
    await store.remove('keep');
    expect(await readFile(join(root, 'keep'), 'utf8')).toBe('x');
  });

  it('reads nothing outside its folder, and names no file from a tenant or digest that could', async () => {
    const store = new LocalDocumentStore(root);
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get(`default/00/${'0'.repeat(64)}`)).toBeNull();
    const file = { path: join(root, 'nothing'), size: 1 };
    await expect(store.put('../x', 'a'.repeat(64), file)).rejects.toThrow(/cannot name a file/);
    await expect(store.put('default', '../../x', file)).rejects.toThrow(/cannot name a file/);
  });

  it('removes staged files an hour old, left by a process that stopped, and keeps newer ones', async () => {
    await writeFile(join(await new LocalDocumentStore(root).stagingFolder(), 'old.part'), 'x');
    await writeFile(join(root, '.staging', 'new.part'), 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(root, '.staging', 'old.part'), twoHoursAgo, twoHoursAgo);
    await new LocalDocumentStore(root).stagingFolder();
    expect(await readdir(join(root, '.staging'))).toEqual(['new.part']);
  });

  it('is DOCUMENT_STORE_DIR, else under the working folder, or the temporary folder in tests', () => {
    expect(documentStoreDir({ DOCUMENT_STORE_DIR: '/srv/documents', NODE_ENV: 'production' }, '/app')).toBe(
      '/srv/documents',
    );
    expect(documentStoreDir({ DOCUMENT_STORE_DIR: 'docs', NODE_ENV: 'production' }, '/app')).toBe(
      '/app/docs',
    );
    expect(documentStoreDir({ DOCUMENT_STORE_DIR: '', NODE_ENV: 'development' }, '/app')).toBe(
      '/app/data/case-service/documents',
    );
    expect(documentStoreDir({ DOCUMENT_STORE_DIR: '', NODE_ENV: 'test' }, '/app')).toBe(
      join(tmpdir(), 'city-case-documents'),
    );
  });
});
