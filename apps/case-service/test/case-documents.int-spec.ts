import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs, requestReplySchema } from '@city/contracts';
import { assertTestDatabase, dataSourceOptions } from '@city/platform-database';
import { createKafka, ensureTopics, uniquePrefix } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  pendingSchemaChanges,
  removeTestState,
  requestReceived,
  roomyRateLimits,
} from '@city/platform-testing';
import { CASE_ENTITIES, CASE_MIGRATIONS } from '../src/app.module';
import { createCaseService } from '../src/bootstrap';
import { ChangeStatusUseCase } from '../src/cases/change-status/change-status.usecase';
import { loadCaseConfig } from '../src/config';
import { sampleExe, samplePdf, samplePng } from '../src/documents/sample-documents.fixture';
import { OpenCaseUseCase } from '../src/intake/open-case/open-case.usecase';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const MAX_BYTES = 64 * 1024;

/**
 * A citizen answers the city's request for a document: a real multipart reply to a case waiting for
 * them opens it again, and staff list and download what was sent, byte for byte; each file is taken
 * by its content, whatever its name (real Postgres, Redis, Kafka, Keycloak; files in a folder of the run).
 */
describe('case-service: a citizen replies with documents, staff download them', () => {
  const prefix = uniquePrefix('csdoc');
  const schema = `case_test_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'csdoc-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  let app: NestFastifyApplication;
  let url: string;
  let storeDir: string;

  /** A case of a citizen of its own, moved by an agent to waiting for the citizen (the workflow's InformationRequested does the same). */
  const waitingCase = async () => {
    const e = requestReceived();
    await app.get(OpenCaseUseCase).execute([e]);
    await app.get(ChangeStatusUseCase).execute('default', e.payload.reference, {
      status: 'waiting-for-citizen',
      expectedVersion: 1,
      actor: 'agent:agent-17',
    });
    return { reference: e.payload.reference, email: e.payload.contact!.email! };
  };

  const replyForm = (
    fields: Record<string, string>,
    files: Array<[name: string, bytes: Buffer, type: string]>,
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [name, bytes, type] of files)
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return form;
  };
  /** What is left in the store's staging folder (files being read): nothing between replies. */
  const staged = () => readdir(join(storeDir, '.staging')).catch(() => []);
  const postReply = (reference: string, form: FormData) =>
    fetch(`${url}/api/v1/requests/${reference}/replies`, { method: 'POST', body: form });
  const openCase = async (reference: string) => {
    const r = await fetch(`${url}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') });
    expect(r.status).toBe(200);
    return r.json();
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    storeDir = await mkdtemp(join(tmpdir(), 'case-documents-int-'));
    await ensureTopics(kafka, allTopicSpecs(prefix));
    app = await createCaseService(
      loadCaseConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
        DOCUMENT_STORE_DIR: storeDir,
        DOCUMENT_MAX_BYTES: String(MAX_BYTES),
        ...roomyRateLimits(),
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
    await rm(storeDir, { recursive: true, force: true });
  });

  it('the committed migrations build exactly the schema the entities describe (case_documents included)', async () => {
    expect(
      await pendingSchemaChanges(
        dataSourceOptions({ url: TEST_DB, schema, entities: CASE_ENTITIES, migrations: CASE_MIGRATIONS }),
      ),
    ).toEqual([]);
  });

  it('a PDF reply opens a waiting case; an agent sees it listed and downloads it byte for byte', async () => {
    const { reference, email } = await waitingCase();
    const pdf = samplePdf();
    const res = await postReply(
      reference.toLowerCase(),
      replyForm({ email: email.toUpperCase(), message: 'My proof of address, as asked.' }, [
        ['proof of address.pdf', pdf, 'application/pdf'],
      ]),
    );
    expect(res.status).toBe(201);
    const answer = requestReplySchema.parse(await res.json());
    expect(answer).toEqual({
      reference,
      status: 'open',
      documents: [
        {
          id: expect.any(String),
          name: 'proof of address.pdf',
          contentType: 'application/pdf',
          size: pdf.length,
        },
      ],
    });

    const view = await openCase(reference);
    expect(view.case.status).toBe('open');
    expect(view.documents).toEqual([
      {
        id: answer.documents[0].id,
        name: 'proof of address.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        uploadedAt: expect.any(String),
        scan: 'not-scanned',
      },
    ]);
    expect(view.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'citizen-replied',
          actor: 'citizen',
          summary: 'The citizen replied: a document and a message',
          message: 'My proof of address, as asked.',
        }),
        expect.objectContaining({ kind: 'status-changed', actor: 'citizen' }),
      ]),
    );

    const download = await fetch(`${url}/api/v1/cases/${reference}/documents/${answer.documents[0].id}`, {
      headers: await asUser('agent-17'),
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="proof of address.pdf"; filename*=UTF-8''proof%20of%20address.pdf`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    // The read is audited, under the case's reference.
    const audit = await fetch(`${url}/api/v1/audit/reads?subject=${reference}`, {
      headers: await asUser('admin-1'),
    });
    expect((await audit.json()).reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'case.document',
          subject: `${reference}/documents/${answer.documents[0].id}`,
          references: [reference],
        }),
      ]),
    );

    // The citizen's own view counts what they sent.
    const followed = await fetch(`${url}/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`);
    expect((await followed.json()).timeline).toEqual(
      expect.arrayContaining([
        {
          at: expect.any(String),
          kind: 'citizen-replied',
          text: 'You sent a document and a message.',
          facts: { documents: 1, message: true },
        },
      ]),
    );
  }, 60_000);

  it('a PNG named .pdf is kept as image/png; a program named .pdf, or a file over the limit, is refused and nothing is kept', async () => {
    const { reference, email } = await waitingCase();
    const png = await postReply(
      reference,
      replyForm({ email }, [['scan.pdf', samplePng(), 'application/pdf']]),
    );
    expect(png.status).toBe(201);
    const kept = requestReplySchema.parse(await png.json());
    expect(kept.documents).toEqual([expect.objectContaining({ name: 'scan.pdf', contentType: 'image/png' })]);
    const asPng = await fetch(`${url}/api/v1/cases/${reference}/documents/${kept.documents[0].id}`, {
      headers: await asUser('agent-17'),
    });
    expect(asPng.headers.get('content-type')).toBe('image/png');
    expect(asPng.headers.get('content-disposition')).toContain('filename="scan.pdf.png"');
    await asPng.arrayBuffer();

    const exe = await postReply(
      reference,
      replyForm({ email, message: 'and the form' }, [
        ['photo.png', samplePng(), 'image/png'],
        ['form.pdf', sampleExe(), 'application/pdf'],
      ]),
    );
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({
      statusCode: 415,
      code: 'document.type-not-allowed',
      errors: [{ field: 'file[1]', reason: expect.stringContaining('application/x-msdownload') }],
    });

    const big = await postReply(
      reference,
      replyForm({ email }, [
        ['big.pdf', Buffer.concat([samplePdf(), Buffer.alloc(MAX_BYTES)]), 'application/pdf'],
      ]),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      code: 'document.too-large',
      errors: [{ field: 'file[0]', reason: `larger than ${MAX_BYTES} bytes` }],
    });

    const view = await openCase(reference);
    expect(view.documents.map((d: { name: string }) => d.name)).toEqual(['scan.pdf']);
    expect(view.timeline.filter((t: { kind: string }) => t.kind === 'citizen-replied')).toHaveLength(1);
    expect(await staged()).toEqual([]);
  }, 60_000);

  it('reads no file before the email or phone and the reference are checked; a refused reply leaves nothing on the disk', async () => {
    const { reference, email } = await waitingCase();
    // Far larger than the socket's buffers: the answer comes while the rest is still being sent, and is read.
    const large = Buffer.concat([samplePdf(), Buffer.alloc(4 * 1024 * 1024)]);

    const fileFirst = new FormData();
    fileFirst.append('file', new Blob([new Uint8Array(large)], { type: 'application/pdf' }), 'proof.pdf');
    fileFirst.append('email', email);
    const early = await postReply(reference, fileFirst);
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({
      errors: [{ field: 'email', reason: 'send the email or phone before the files' }],
    });

    const stranger = await postReply(
      reference,
      replyForm({ email: 'mallory@example.org' }, [['proof.pdf', large, 'application/pdf']]),
    );
    expect(stranger.status).toBe(404);
    const notAReference = await postReply(
      'not-a-reference',
      replyForm({ email }, [['proof.pdf', large, 'application/pdf']]),
    );
    expect(notAReference.status).toBe(400);
    expect(await notAReference.json()).toMatchObject({ errors: [{ field: 'reference' }] });
    const wrongField = new FormData();
    wrongField.append('email', email);
    wrongField.append('photo', new Blob([new Uint8Array(samplePng())], { type: 'image/png' }), 'p.png');
    const photo = await postReply(reference, wrongField);
    expect(photo.status).toBe(400);
    expect(await photo.json()).toMatchObject({
      errors: [{ field: 'photo', reason: 'send files in the field file' }],
    });
    expect(await staged()).toEqual([]);

    // The message may come after the files; the same connection still answers (keep-alive).
    const late = new FormData();
    late.append('email', email);
    late.append('file', new Blob([new Uint8Array(samplePdf())], { type: 'application/pdf' }), 'proof.pdf');
    late.append('message', 'Sent after the file.');
    const ok = await postReply(reference, late);
    expect(ok.status).toBe(201);
    expect(requestReplySchema.parse(await ok.json()).documents).toHaveLength(1);
    const view = await openCase(reference);
    expect(view.case.status).toBe('open');
    expect(view.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'citizen-replied', message: 'Sent after the file.' }),
      ]),
    );
    expect(await staged()).toEqual([]);
  }, 60_000);

  it('refuses a reply without the second factor, with neither message nor file, or as JSON', async () => {
    const { reference, email } = await waitingCase();
    const wrong = await postReply(reference, replyForm({ email: 'mallory@example.org', message: 'hi' }, []));
    expect(wrong.status).toBe(404);
    const empty = await postReply(reference, replyForm({ email }, []));
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ errors: [{ field: 'message' }] });
    const json = await fetch(`${url}/api/v1/requests/${reference}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, message: 'hi' }),
    });
    expect(json.status).toBe(415);
    expect((await openCase(reference)).case.status).toBe('waiting-for-citizen');
  }, 60_000);
});
