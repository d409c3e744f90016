import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScannerUnavailable } from './document.scanner';
import type { StagedFile } from './document.store';
import { HttpDocumentScanner } from './http-document.scanner';

describe("the city's virus scanner over HTTP", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scanner-spec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  let n = 0;
  const staged = async (bytes: Buffer): Promise<StagedFile> => {
    const path = join(dir, `file-${n++}`);
    await writeFile(path, bytes);
    return { path, size: bytes.length };
  };

  const answering = (res: () => Promise<Response>) => {
    const calls: Array<{ url: string; init: RequestInit; body: string }> = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init, body: await new Response(init.body).text() });
      return res();
    }) as unknown as typeof fetch;
    return { scanner: new HttpDocumentScanner('http://scanner.city.test/scan', 1_000, fetchFn), calls };
  };
  const json =
    (body: unknown, status = 200) =>
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('streams the file from the disk with its length, and takes its verdict', async () => {
    const { scanner, calls } = answering(json({ infected: false }));
    await expect(scanner.scan(await staged(Buffer.from('%PDF')))).resolves.toEqual({ outcome: 'clean' });
    expect(calls[0].url).toBe('http://scanner.city.test/scan');
    expect(calls[0].init).toMatchObject({
      method: 'POST',
      duplex: 'half',
      headers: { 'content-type': 'application/octet-stream', 'content-length': '4' },
    });
    expect(calls[0].init.body).toBeInstanceOf(ReadableStream);
    expect(calls[0].body).toBe('%PDF');
    await expect(
      answering(json({ infected: true, signature: 'Eicar-Test-Signature' })).scanner.scan(
        await staged(Buffer.from('x')),
      ),
    ).resolves.toEqual({ outcome: 'infected', signature: 'Eicar-Test-Signature' });
    await expect(
      answering(json({ infected: true })).scanner.scan(await staged(Buffer.from('x'))),
    ).resolves.toEqual({ outcome: 'infected', signature: null });
  });

  it('is unavailable when it cannot be reached, answers an error, or gives no verdict', async () => {
    const refused = async () => {
      throw new TypeError('fetch failed');
    };
    for (const res of [
      refused,
      json({ error: 'busy' }, 503),
      json({ clean: true }),
      async () => new Response('<html>', { status: 200 }),
    ])
      await expect(answering(res).scanner.scan(await staged(Buffer.from('x')))).rejects.toBeInstanceOf(
        ScannerUnavailable,
      );
  });

  describe('against a real HTTP server', () => {
    let server: Server;
    let url: string;
    let received: { length: string | undefined; bytes: Buffer } | undefined;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received = { length: req.headers['content-length'], bytes: Buffer.concat(chunks) };
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ infected: false }));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scan`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('sends every byte of a file of several megabytes', async () => {
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 7, 0x2a);
      bytes.write('%PDF-1.4');
      await expect(new HttpDocumentScanner(url, 5_000).scan(await staged(bytes))).resolves.toEqual({
        outcome: 'clean',
      });
      expect(received?.length).toBe(String(bytes.length));
      expect(received?.bytes.equals(bytes)).toBe(true);
    });
  });
});
