import type { StagedFile } from './document.store';

/** What the city's virus scanner said of a document; `not-scanned` when the city has none. */
export type ScanVerdict =
  { outcome: 'clean' } | { outcome: 'infected'; signature: string | null } | { outcome: 'not-scanned' };

/** The scanner could not be asked, or gave no verdict: nothing is kept, and the citizen may try again. */
export class ScannerUnavailable extends Error {
  override readonly name = 'ScannerUnavailable';
}

/**
 * The hook a city plugs its virus scanner into (DOCUMENT_SCAN_URL): every document goes through it,
 * read from the disk where the edge staged it, before it is kept. Throws ScannerUnavailable when it
 * cannot give a verdict.
 */
export abstract class DocumentScanner {
  abstract scan(file: StagedFile): Promise<ScanVerdict>;
}

/** No scanner configured: each document is kept as `not-scanned`. */
export class NoDocumentScanner extends DocumentScanner {
  async scan(): Promise<ScanVerdict> {
    return { outcome: 'not-scanned' };
  }
}
