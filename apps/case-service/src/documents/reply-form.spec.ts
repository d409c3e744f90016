import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomainError } from '@city/contracts';
import { toErrorResponse } from '@city/platform-http';
import { withReplyForm, replyFormOptions, type ReplyForm } from './reply-form';
import { samplePdf, samplePng } from './sample-documents.fixture';

const MAX = 64 * 1024;

/**
 * A reply's form read by the edge, over a real HTTP connection: the second factor before the files,
 * each file written to the staging folder as it arrives, and nothing left there however it ends.
 */
describe("the edge reads a reply's form part by part", () => {
  let folder: string;
  let app: FastifyInstance;
  let url: string;
  /** What the route saw: the fields when asked before the files, and the form (with each staged file's bytes). */
  let asked: Array<Record<string, string>>;
  let seen: { form: ReplyForm; bytes: Buffer[] } | undefined;
  let use: (form: ReplyForm) => Promise<unknown>;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reply-form-'));
    app = Fastify();
    await app.register(fastifyMultipart, replyFormOptions({ DOCUMENT_MAX_BYTES: MAX }));
    app.setErrorHandler((e, _req, reply) => {
      const { body } = toErrorResponse(e);
      void reply.status(body.statusCode).send(body);
    });
    app.post('/replies', (req) =>
      withReplyForm(
        req,
        {
          folder,
          beforeFiles: async (fields) => {
            asked.push({ ...fields });
            if (fields.email !== 'anna@example.org') throw DomainError.notFound('case.not-found', 'No case.');
          },
        },
        async (form) => {
          seen = {
            form,
            bytes: await Promise.all(form.files.filter((f) => !f.truncated).map((f) => readFile(f.path))),
          };
          return use(form);
        },
      ),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/replies`;
  });
  afterAll(async () => {
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });
  beforeEach(() => {
    asked = [];
    seen = undefined;
    use = async (form) => ({ files: form.files.length });
  });

  type Part = [name: string, value: string] | [name: string, bytes: Buffer, filename: string];
  const post = (...parts: Part[]) => {
    const form = new FormData();
    for (const p of parts)
      if (p.length === 2) form.append(p[0], p[1]);
      else form.append(p[0], new Blob([new Uint8Array(p[1])]), p[2]);
    return fetch(url, { method: 'POST', body: form });
  };
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const big = Buffer.concat([samplePdf(), Buffer.alloc(3 * 1024 * 1024, 7)]);

  it('asks about the fields once, at the first file, and stages each file with its digest and first bytes', async () => {
    const png = samplePng();
    const pdf = Buffer.concat([samplePdf(), Buffer.alloc(10_000, 1)]);
    const res = await post(
      ['email', 'anna@example.org'],
      ['message', 'Both.'],
      ['file', png, 'a.png'],
      ['file', pdf, 'b.pdf'],
    );
    expect(res.status).toBe(200);
    expect(asked).toEqual([{ email: 'anna@example.org', message: 'Both.' }]);
    expect(seen!.form.fields).toEqual({ email: 'anna@example.org', message: 'Both.' });
    expect(seen!.form.files).toEqual([
      expect.objectContaining({
        field: 'file[0]',
        name: 'a.png',
        size: png.length,
        sha256: sha(png),
        head: png,
      }),
      expect.objectContaining({
        field: 'file[1]',
        name: 'b.pdf',
        size: pdf.length,
        sha256: sha(pdf),
        head: pdf.subarray(0, 4100),
        truncated: false,
      }),
    ]);
    expect(seen!.form.files[0].path.startsWith(folder)).toBe(true);
    expect(seen!.bytes).toEqual([png, pdf]);
    expect(await readdir(folder)).toEqual([]);
  });

  it('takes a form without files, or a message after the files', async () => {
    expect((await post(['email', 'anna@example.org'], ['message', 'Only this.'])).status).toBe(200);
    expect(asked).toEqual([]);
    expect(seen!.form).toEqual({
      fields: { email: 'anna@example.org', message: 'Only this.' },
      files: [],
      tooManyFiles: false,
    });
    expect(
      (
        await post(
          ['phone', '0612345678'],
          ['email', 'anna@example.org'],
          ['file', samplePng(), 'a.png'],
          ['message', 'After.'],
        )
      ).status,
    ).toBe(200);
    expect(seen!.form.fields.message).toBe('After.');
  });

  it('refuses a file sent before the email or phone, reading none of it, and answers while the rest is still coming', async () => {
    const res = await post(['message', 'x'], ['file', big, 'big.pdf'], ['email', 'anna@example.org']);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ field: 'email', reason: 'send the email or phone before the files' }],
    });
    expect(asked).toEqual([]);
    expect(seen).toBeUndefined();
    expect(await readdir(folder)).toEqual([]);
  });

  it('reads no file of a reply whose second factor is refused', async () => {
    const res = await post(['email', 'mallory@example.org'], ['file', big, 'big.pdf']);
    expect(res.status).toBe(404);
    expect(asked).toEqual([{ email: 'mallory@example.org' }]);
    expect(seen).toBeUndefined();
    expect(await readdir(folder)).toEqual([]);
  });

  it('cuts a file at the size limit, removes what was written, and reads nothing after it', async () => {
    const res = await post(
      ['email', 'anna@example.org'],
      ['file', samplePng(), 'ok.png'],
      ['file', big, 'big.pdf'],
      ['file', samplePng(), 'never.png'],
    );
    expect(res.status).toBe(200);
    expect(seen!.form.files.map((f) => [f.field, f.truncated, f.size])).toEqual([
      ['file[0]', false, samplePng().length],
      ['file[1]', true, MAX],
    ]);
    expect(await readdir(folder)).toEqual([]);
  });

  it('says when more than five files were sent', async () => {
    const six = Array.from({ length: 6 }, (_, i): Part => ['file', samplePng(), `${i}.png`]);
    expect((await post(['email', 'anna@example.org'], ...six)).status).toBe(200);
    expect(seen!.form.tooManyFiles).toBe(true);
    expect(seen!.form.files).toHaveLength(5);
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses a file in another field, and a field given twice', async () => {
    const photo = await post(['email', 'anna@example.org'], ['photo', samplePng(), 'p.png']);
    expect(photo.status).toBe(400);
    expect(await photo.json()).toMatchObject({
      errors: [{ field: 'photo', reason: 'send files in the field file' }],
    });
    const twice = await post(['email', 'anna@example.org'], ['message', 'a'], ['message', 'b']);
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({
      errors: [{ field: 'message', reason: 'given more than once' }],
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it('removes the staged files when what it is used for fails', async () => {
    use = async () => {
      throw DomainError.unsupportedType('document.type-not-allowed', 'No.');
    };
    const res = await post(
      ['email', 'anna@example.org'],
      ['file', samplePng(), 'a.png'],
      ['file', samplePdf(), 'b.pdf'],
    );
    expect(res.status).toBe(415);
    expect(seen!.form.files).toHaveLength(2);
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses a body that is not multipart', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@example.org' }),
    });
    expect(res.status).toBe(415);
  });
});
