import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { DocumentScanner, ScannerUnavailable, type ScanVerdict } from './document.scanner';
import type { StagedFile } from './document.store';

/** The scanner's answer: `{ "infected": boolean, "signature"?: string }`. */
const answerSchema = z.object({ infected: z.boolean(), signature: z.string().max(500).optional() });

/**
 * The city's scanner over HTTP: the file streamed from the disk to its URL as
 * `application/octet-stream` with its length (never held in memory); a 2xx answer in the shape above
 * is a verdict, anything else (no answer within the timeout, another status, another shape) is
 * ScannerUnavailable.
 */
export class HttpDocumentScanner extends DocumentScanner {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    super();
  }

  async scan(file: StagedFile): Promise<ScanVerdict> {
    const bytes = createReadStream(file.path);
    let res: Response;
    try {
      res = await this.fetchFn(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(file.size),
          accept: 'application/json',
        },
        body: Readable.toWeb(bytes) as ReadableStream<Uint8Array>,
        duplex: 'half',
        signal: AbortSignal.timeout(this.timeoutMs),
      } as RequestInit);
    } catch (e) {
      throw new ScannerUnavailable(`the scanner did not answer: ${(e as Error).message}`);
    } finally {
      // Read to its end when the scanner took it all; closed here when it answered before, or never did.
      bytes.destroy();
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
