import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseChangedV1, CaseStatus } from '@city/contracts';
import { CaseDocument } from '../../record/case-document.entity';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../../requests/citizen-view/citizen-views';
import { FollowRequestUseCase } from '../../requests/follow-request/follow-request.usecase';
import {
  DocumentScanner,
  NoDocumentScanner,
  ScannerUnavailable,
  type ScanVerdict,
} from '../document.scanner';
import type { StagedFile } from '../document.store';
import { InMemoryDocumentStore } from '../in-memory-document.store';
import { receivedFile, sampleExe, samplePdf, samplePng } from '../sample-documents.fixture';
import { ReplyToRequestUseCase, type CitizenReply, type ReceivedFile } from './reply-to-request.usecase';

const MB = 1024 * 1024;

class FakeScanner extends DocumentScanner {
  scanned = 0;
  constructor(private readonly verdict: (bytes: Buffer) => ScanVerdict) {
    super();
  }
  async scan(file: StagedFile): Promise<ScanVerdict> {
    this.scanned++;
    return this.verdict(readFileSync(file.path));
  }
}

/** Its first insert fails, as a transaction that cannot commit does. */
class FailingDocuments extends InMemoryCaseDocuments {
  override async add(): Promise<void> {
    throw new Error('connection terminated');
  }
}

describe('a citizen replies to their request with documents', () => {
  /** Where the edge staged the reply's files. */
  const staging = mkdtempSync(join(tmpdir(), 'reply-to-request-'));
  afterAll(() => rmSync(staging, { recursive: true, force: true }));

  const setup = (
    o: {
      status?: CaseStatus;
      scanner?: DocumentScanner;
      documents?: InMemoryCaseDocuments;
      store?: InMemoryDocumentStore;
    } = {},
  ) => {
    const f = recordFixture();
    const anna = f.record.addCitizen({}, [{ kind: 'email', value: 'anna@example.org' }]);
    const c = f.record.addCase({
      reference: ref('permit'),
      partyId: anna.id,
      status: o.status ?? 'waiting-for-citizen',
    });
    const follow = new FollowRequestUseCase(
      f.record.caseRepository,
      f.record.citizenRepository,
      new CitizenViews(f.record.caseRepository),
      f.tx,
      f.config,
    );
    const documents = o.documents ?? new InMemoryCaseDocuments();
    const store = o.store ?? new InMemoryDocumentStore();
    const replyTo = new ReplyToRequestUseCase(
      follow,
      f.tx,
      f.record.caseRepository,
      documents,
      f.history,
      store,
      o.scanner ?? new NoDocumentScanner(),
      { ...f.config, DOCUMENT_MAX_BYTES: 10 * MB },
    );
    /** Nothing kept: no document row, no bytes, nothing on the timeline, nothing out, the status as it was. */
    const nothingKept = () => {
      expect(documents.rows).toEqual([]);
      expect(store.files.size).toBe(0);
      expect(f.record.timelineOf(c.id)).toEqual([]);
      expect(f.outbox.items).toEqual([]);
      expect(f.record.caseOf(ref('permit'))!.status).toBe(o.status ?? 'waiting-for-citizen');
    };
    return { ...f, c, documents, store, replyTo, nothingKept };
  };

  const file = (i: number, name: string, bytes: Buffer, truncated = false): ReceivedFile =>
    receivedFile(staging, `file[${i}]`, name, bytes, truncated);
  const reply = (over: Partial<CitizenReply> = {}): CitizenReply => ({
    reference: ref('permit').toLowerCase(),
    fields: { email: 'Anna@Example.org', message: 'My proof of address, as asked.' },
    files: [file(0, 'proof.pdf', samplePdf())],
    channel: 'web',
    ...over,
  });

  it('keeps the document, puts the reply on the timeline and opens a request that waited for the citizen', async () => {
    const { c, replyTo, documents, store, record, outbox } = setup();
    const kept = await replyTo.execute('default', reply());

    expect(kept.case).toMatchObject({ status: 'open', version: 2 });
    expect(kept.documents).toEqual([
      expect.objectContaining({
        caseId: c.id,
        name: 'proof.pdf',
        contentType: 'application/pdf',
        size: samplePdf().length,
        scan: 'not-scanned',
        uploadedBy: 'citizen',
      }),
    ]);
    expect(documents.rows).toHaveLength(1);
    expect(documents.rows[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.files.get(documents.rows[0].storageKey)).toEqual(samplePdf());

    const [replied, moved] = record.timelineOf(c.id);
    expect(replied).toMatchObject({
      kind: 'citizen-replied',
      actor: 'citizen',
      channel: 'web',
      summary: 'The citizen replied: a document and a message',
      details: {
        documents: [{ id: kept.documents[0].id, name: 'proof.pdf', contentType: 'application/pdf' }],
        message: 'My proof of address, as asked.',
      },
    });
    expect(moved).toMatchObject({ kind: 'status-changed', actor: 'citizen' });
    // Out as CaseChanged, as an agent's change is: the workflow resumes and the clocks run again.
    expect(outbox.events<CaseChangedV1>('CaseChanged').map((e) => e.payload)).toEqual([
      expect.objectContaining({
        change: 'status-changed',
        from: 'waiting-for-citizen',
        to: 'open',
        actor: 'citizen',
        channel: 'web',
        version: 2,
      }),
    ]);
  });

  it('takes each file by its content, never its name: a PNG named .pdf is a PNG', async () => {
    const { replyTo } = setup();
    const kept = await replyTo.execute(
      'default',
      reply({ files: [file(0, 'scan.pdf', samplePng()), file(1, 'C:\\fakepath\\letter.pdf', samplePdf())] }),
    );
    expect(kept.documents.map((d) => [d.name, d.contentType])).toEqual([
      ['scan.pdf', 'image/png'],
      ['letter.pdf', 'application/pdf'],
    ]);
  });

  it('refuses a program named .pdf with 415, naming its field and the type found, and keeps nothing', async () => {
    const { replyTo, nothingKept } = setup();
    await expect(
      replyTo.execute(
        'default',
        reply({ files: [file(0, 'proof.pdf', samplePdf()), file(1, 'form.pdf', sampleExe())] }),
      ),
    ).rejects.toMatchObject({
      kind: 'unsupported-type',
      code: 'document.type-not-allowed',
      fields: [{ field: 'file[1]', reason: expect.stringContaining('application/x-msdownload') }],
    });
    await expect(
      replyTo.execute('default', reply({ files: [file(0, 'notes.pdf', Buffer.from('just some text'))] })),
    ).rejects.toMatchObject({
      kind: 'unsupported-type',
      fields: [{ field: 'file[0]', reason: expect.stringContaining('no type we recognise') }],
    });
    nothingKept();
  });

  it('refuses a file over the size limit with 413, naming its field, and keeps nothing', async () => {
    const { replyTo, nothingKept } = setup();
    const cut = file(1, 'big.pdf', samplePdf(), true);
    const over = file(2, 'bigger.pdf', Buffer.concat([samplePdf(), Buffer.alloc(10 * MB)]));
    await expect(
      replyTo.execute('default', reply({ files: [file(0, 'ok.pdf', samplePdf()), cut, over] })),
    ).rejects.toMatchObject({
      kind: 'too-large',
      code: 'document.too-large',
      fields: [
        { field: 'file[1]', reason: 'larger than 10 MB' },
        { field: 'file[2]', reason: 'larger than 10 MB' },
      ],
    });
    nothingKept();
  });

  it('passes every file through the scanner: clean ones are kept as clean', async () => {
    const scanner = new FakeScanner(() => ({ outcome: 'clean' }));
    const { replyTo } = setup({ scanner });
    const kept = await replyTo.execute(
      'default',
      reply({ files: [file(0, 'a.pdf', samplePdf()), file(1, 'b.png', samplePng())] }),
    );
    expect(scanner.scanned).toBe(2);
    expect(kept.documents.map((d) => d.scan)).toEqual(['clean', 'clean']);
  });

  it('refuses an infected file with 422, naming its field, and keeps nothing', async () => {
    const scanner = new FakeScanner((b) =>
      b.equals(samplePng())
        ? { outcome: 'infected', signature: 'Eicar-Test-Signature' }
        : { outcome: 'clean' },
    );
    const { replyTo, nothingKept } = setup({ scanner });
    await expect(
      replyTo.execute(
        'default',
        reply({ files: [file(0, 'a.pdf', samplePdf()), file(1, 'b.png', samplePng())] }),
      ),
    ).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'document.infected',
      fields: [{ field: 'file[1]', reason: 'the virus scanner refused it (Eicar-Test-Signature)' }],
    });
    nothingKept();
  });

  it('answers 503 when the scanner cannot be reached, and keeps nothing', async () => {
    const scanner = new FakeScanner(() => {
      throw new ScannerUnavailable('the scanner did not answer: connect ECONNREFUSED');
    });
    const { replyTo, nothingKept } = setup({ scanner });
    await expect(replyTo.execute('default', reply())).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'document.scanner-unavailable',
      retryAfterSeconds: 60,
    });
    nothingKept();
  });

  it.each<CaseStatus>(['open', 'in-progress'])(
    'adds the documents to a request that is %s, which stays as it is',
    async (status) => {
      const { c, replyTo, record, outbox, documents } = setup({ status });
      const kept = await replyTo.execute(
        'default',
        reply({ fields: { email: 'anna@example.org' }, files: [file(0, 'pothole.png', samplePng())] }),
      );
      expect(kept.case).toMatchObject({ status, version: 1 });
      expect(documents.rows).toHaveLength(1);
      expect(record.timelineOf(c.id).map((t) => [t.kind, t.summary])).toEqual([
        ['citizen-replied', 'The citizen replied: a document'],
      ]);
      expect(record.timelineOf(c.id)[0].details).toMatchObject({ message: null });
      expect(outbox.items).toEqual([]);
    },
  );

  it.each<CaseStatus>(['closed', 'withdrawn', 'duplicate', 'not-our-responsibility'])(
    'refuses a reply to a request that is %s with 409, and keeps nothing',
    async (status) => {
      const { replyTo, nothingKept } = setup({ status });
      await expect(replyTo.execute('default', reply())).rejects.toMatchObject({
        kind: 'conflict',
        code: 'reply.request-ended',
        fields: [{ field: 'reference', reason: `the request is ${status}` }],
      });
      nothingKept();
    },
  );

  it('takes a message alone, and opens the request with it', async () => {
    const { c, replyTo, record } = setup();
    const kept = await replyTo.execute(
      'default',
      reply({
        files: [],
        fields: { phone: undefined, email: 'anna@example.org', message: ' I have posted it. ' },
      }),
    );
    expect(kept).toMatchObject({ case: { status: 'open' }, documents: [] });
    expect(record.timelineOf(c.id)[0]).toMatchObject({
      summary: 'The citizen replied: a message',
      details: { documents: [], message: 'I have posted it.' },
    });
  });

  it('answers a wrong second factor as no such request, and refuses an empty reply or too many files, keeping nothing', async () => {
    const { replyTo, nothingKept } = setup();
    await expect(
      replyTo.execute('default', reply({ fields: { email: 'mallory@example.org' } })),
    ).rejects.toMatchObject({
      kind: 'not-found',
      code: 'case.not-found',
    });
    await expect(replyTo.execute('default', reply({ fields: {} }))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'request.second-factor-missing',
    });
    await expect(
      replyTo.execute('default', reply({ files: [], fields: { email: 'anna@example.org', message: '   ' } })),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'reply.empty', fields: [{ field: 'message' }] });
    await expect(replyTo.execute('default', reply({ tooManyFiles: true }))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'reply.too-many-files',
      fields: [{ field: 'file', reason: 'at most 5 files' }],
    });
    nothingKept();
  });
  it('moves the staged files into the store, and keeps the same bytes sent twice once', async () => {
    const { replyTo, store, documents } = setup();
    const files = [file(0, 'a.pdf', samplePdf()), file(1, 'again.pdf', samplePdf())];
    const kept = await replyTo.execute('default', reply({ files }));
    expect(files.map((f) => existsSync(f.path))).toEqual([false, false]);
    expect(new Set(kept.documents.map((d) => d.storageKey)).size).toBe(1);
    expect(store.files.size).toBe(1);
    expect(documents.rows).toHaveLength(2);
  });

  it('checks the request before any file is read: its reporter, while it takes replies', async () => {
    const { c, replyTo } = setup();
    await expect(
      replyTo.admit('default', ref('permit').toLowerCase(), { email: 'anna@example.org' }),
    ).resolves.toMatchObject({
      id: c.id,
    });
    await expect(
      replyTo.admit('default', ref('permit'), { email: 'mallory@example.org' }),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(
      replyTo.admit('default', 'not a reference', { email: 'anna@example.org' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'case.invalid-reference',
    });
    const ended = setup({ status: 'closed' });
    await expect(
      ended.replyTo.admit('default', ref('permit'), { email: 'anna@example.org' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'reply.request-ended',
    });
  });

  it('removes the bytes it added when the transaction fails, but not bytes another document uses', async () => {
    const store = new InMemoryDocumentStore();
    const documents = new FailingDocuments();
    const { replyTo, tx, record, c } = setup({ store, documents });
    // The PNG is kept already, for a document of another case.
    const earlier = file(0, 'earlier.png', samplePng());
    const { key: pngKey } = await store.put('default', earlier.sha256, earlier);
    documents.rows.push(
      Object.assign(new CaseDocument(), {
        tenantId: 'default',
        caseId: 'another',
        sha256: earlier.sha256,
        storageKey: pngKey,
      }),
    );
    await expect(
      replyTo.execute(
        'default',
        reply({ files: [file(0, 'new.pdf', samplePdf()), file(1, 'same.png', samplePng())] }),
      ),
    ).rejects.toThrow('connection terminated');
    expect([...store.files.keys()]).toEqual([pngKey]);
    expect(record.timelineOf(c.id)).toEqual([]);
    // Removed under the same lock the rows of those bytes are written under.
    expect(tx.locked.at(-1)).toEqual([expect.stringMatching(/^case-document:[0-9a-f]{64}$/)]);
  });

  it('keeps nothing, and asks to send again, when bytes it found kept already were removed meanwhile', async () => {
    class Forgetful extends InMemoryDocumentStore {
      override async has(): Promise<boolean> {
        return false;
      }
    }
    const { replyTo, nothingKept } = setup({ store: new Forgetful() });
    await expect(replyTo.execute('default', reply())).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'document.store-changed',
    });
    nothingKept();
  });
});
