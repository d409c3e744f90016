import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { CaseDocument } from '../../record/case-document.entity';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { recordFixture, ref } from '../../record/record-fixture';
import { InMemoryDocumentStore } from '../in-memory-document.store';
import { receivedFile } from '../sample-documents.fixture';
import { ReadDocumentUseCase } from './read-document.usecase';

describe('staff read a document of a case', () => {
  const setup = async () => {
    const f = recordFixture();
    const a = f.record.addCase({ reference: ref('a') });
    const b = f.record.addCase({ reference: ref('b') });
    const documents = new InMemoryCaseDocuments();
    const store = new InMemoryDocumentStore();
    const lease = receivedFile(
      await store.stagingFolder(),
      'file[0]',
      'lease.pdf',
      Buffer.from('%PDF-1.4 lease'),
    );
    const { key } = await store.put('default', lease.sha256, lease);
    const doc = Object.assign(new CaseDocument(), {
      id: randomUUID(),
      tenantId: 'default',
      caseId: a.id,
      name: 'lease.pdf',
      contentType: 'application/pdf' as const,
      size: 14,
      sha256: lease.sha256,
      storageKey: key,
      scan: 'clean' as const,
      uploadedAt: new Date(),
      uploadedBy: 'citizen' as const,
    });
    await documents.add([doc]);
    return {
      ...f,
      a,
      b,
      doc,
      store,
      read: new ReadDocumentUseCase(f.record.caseRepository, documents, store),
    };
  };

  it('gives the document and its bytes, by the case reference written any way', async () => {
    const { read, doc } = await setup();
    const got = await read.execute('default', ref('a').toLowerCase(), doc.id);
    expect(got.document).toMatchObject({ id: doc.id, name: 'lease.pdf', contentType: 'application/pdf' });
    expect(got.bytes.size).toBe(14);
    expect(await text(got.bytes.stream)).toBe('%PDF-1.4 lease');
  });

  it('finds no document of another case, no made-up id, and no case of no one', async () => {
    const { read, doc } = await setup();
    for (const [reference, id] of [
      [ref('b'), doc.id],
      [ref('a'), randomUUID()],
      [ref('a'), 'not-a-uuid'],
    ])
      await expect(read.execute('default', reference, id)).rejects.toMatchObject({
        kind: 'not-found',
        code: 'document.not-found',
      });
    await expect(read.execute('default', ref('none'), doc.id)).rejects.toMatchObject({
      code: 'case.not-found',
    });
  });

  it('is unavailable when the store does not hold the bytes it was given', async () => {
    const { read, doc, store } = await setup();
    store.files.clear();
    await expect(read.execute('default', ref('a'), doc.id)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'document.bytes-unavailable',
    });
  });
});
