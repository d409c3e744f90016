import { ScannerUnavailable } from './document.scanner';
import { HttpDocumentScanner } from './http-document.scanner';

describe("the city's virus scanner over HTTP", () => {
  const answering = (res: () => Promise<Response>) => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return res();
    }) as unknown as typeof fetch;
    return { scanner: new HttpDocumentScanner('http://scanner.city.test/scan', 1_000, fetchFn), calls };
  };
  const json =
    (body: unknown, status = 200) =>
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('posts the bytes and takes its verdict', async () => {
    const { scanner, calls } = answering(json({ infected: false }));
    await expect(scanner.scan(Buffer.from('%PDF'))).resolves.toEqual({ outcome: 'clean' });
    expect(calls[0].url).toBe('http://scanner.city.test/scan');
    expect(calls[0].init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(Buffer.from(calls[0].init.body as Uint8Array).toString()).toBe('%PDF');
    await expect(
      answering(json({ infected: true, signature: 'Eicar-Test-Signature' })).scanner.scan(Buffer.from('x')),
    ).resolves.toEqual({ outcome: 'infected', signature: 'Eicar-Test-Signature' });
    await expect(answering(json({ infected: true })).scanner.scan(Buffer.from('x'))).resolves.toEqual({
      outcome: 'infected',
      signature: null,
    });
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
      await expect(answering(res).scanner.scan(Buffer.from('x'))).rejects.toBeInstanceOf(ScannerUnavailable);
  });
});
