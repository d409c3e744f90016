import { z } from 'zod';
import { DocumentScanner, ScannerUnavailable, type ScanVerdict } from './document.scanner';

/** The scanner's answer: `{ "infected": boolean, "signature"?: string }`. */
const answerSchema = z.object({ infected: z.boolean(), signature: z.string().max(500).optional() });

/**
 * The city's scanner over HTTP: the bytes POSTed to its URL as `application/octet-stream`; a 2xx
 * answer in the shape above is a verdict, anything else (no answer within the timeout, another
 * status, another shape) is ScannerUnavailable.
 */
export class HttpDocumentScanner extends DocumentScanner {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    super();
  }

  async scan(bytes: Buffer): Promise<ScanVerdict> {
    let res: Response;
    try {
      res = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new ScannerUnavailable(`the scanner did not answer: ${(e as Error).message}`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new ScannerUnavailable(`the scanner answered ${res.status}`);
    }
    const answer = answerSchema.safeParse(await res.json().catch(() => null));
    if (!answer.success) throw new ScannerUnavailable('the scanner gave no verdict');
    return answer.data.infected
      ? { outcome: 'infected', signature: answer.data.signature ?? null }
      : { outcome: 'clean' };
  }
}
