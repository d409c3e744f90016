import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { documentStoreDir, LocalDocumentStore } from './local-document.store';

describe('documents kept as files', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'case-documents-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('keeps the bytes under their digest, whole, with no temporary file left, and reads them back', async () => {
    const store = new LocalDocumentStore(root);
    const bytes = Buffer.from('%PDF-1.4 proof of address');
    const key = await store.put('default', sha(bytes), bytes);
    expect(key).toBe(`default/${sha(bytes).slice(0, 2)}/${sha(bytes)}`);
    expect(await readFile(join(root, key))).toEqual(bytes);
    expect(await readdir(join(root, 'default', sha(bytes).slice(0, 2)))).toEqual([sha(bytes)]);
    const read = await store.get(key);
    expect(read?.size).toBe(bytes.length);
    expect(await text(read!.stream)).toBe('%PDF-1.4 proof of address');
  });

  it('keeps the same bytes once', async () => {
    const store = new LocalDocumentStore(root);
    const bytes = Buffer.from('same');
    expect(await store.put('default', sha(bytes), bytes)).toBe(await store.put('default', sha(bytes), bytes));
    expect(await readdir(join(root, 'default', sha(bytes).slice(0, 2)))).toHaveLength(1);
  });

  it('reads nothing outside its folder, and names no file from a tenant or digest that could', async () => {
    const store = new LocalDocumentStore(root);
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get(`default/00/${'0'.repeat(64)}`)).toBeNull();
    await expect(store.put('../x', 'a'.repeat(64), Buffer.from('x'))).rejects.toThrow(/cannot name a file/);
    await expect(store.put('default', '../../x', Buffer.from('x'))).rejects.toThrow(/cannot name a file/);
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
