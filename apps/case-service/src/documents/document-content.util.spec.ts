import { attachmentDisposition, contentTypeOf, downloadName, safeFileName } from './document-content.util';
import {
  sampleExe,
  sampleHeic,
  sampleJpeg,
  samplePdf,
  samplePng,
  sampleWebp,
} from './sample-documents.fixture';

describe("a document's type, by its content", () => {
  it.each([
    ['a PDF', samplePdf, 'application/pdf'],
    ['a PNG', samplePng, 'image/png'],
    ['a JPEG', sampleJpeg, 'image/jpeg'],
    ['a WebP', sampleWebp, 'image/webp'],
    ["an iPhone's HEIC", sampleHeic, 'image/heic'],
  ])('takes %s', async (_kind, bytes, type) => {
    await expect(contentTypeOf(bytes())).resolves.toEqual({ allowed: type });
  });

  it('names what it found in a file it does not take, or says it found nothing it knows', async () => {
    await expect(contentTypeOf(sampleExe())).resolves.toEqual({ found: 'application/x-msdownload' });
    await expect(contentTypeOf(Buffer.from('<html><script>alert(1)</script></html>'))).resolves.toEqual({
      found: null,
    });
    await expect(contentTypeOf(Buffer.alloc(0))).resolves.toEqual({ found: null });
  });
});

describe("a document's own name", () => {
  it('keeps the name without its folder, control characters, marks that disguise it or leading dots', () => {
    expect(safeFileName('C:\\Users\\anna\\Documents\\proof of address.pdf')).toBe('proof of address.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..hidden')).toBe('hidden');
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('a"b<c>d|e?f*g:h\r\n.pdf')).toBe('abcdefgh.pdf');
    expect(safeFileName('Hyresavtal – Åsa Öberg.pdf')).toBe('Hyresavtal – Åsa Öberg.pdf');
  });

  it('is "document" when nothing is left, and at most 200 characters, its extension kept', () => {
    expect(safeFileName(undefined)).toBe('document');
    expect(safeFileName(' /// ')).toBe('document');
    const long = safeFileName(`${'x'.repeat(300)}.jpeg`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('x.jpeg')).toBe(true);
  });

  it('downloads under a name whose extension says what it is', () => {
    expect(downloadName('scan.pdf', 'application/pdf')).toBe('scan.pdf');
    expect(downloadName('scan.PDF', 'application/pdf')).toBe('scan.PDF');
    expect(downloadName('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
    expect(downloadName('scan.pdf', 'image/png')).toBe('scan.pdf.png');
    expect(downloadName('IMG_0042', 'image/heic')).toBe('IMG_0042.heic');
  });

  it('is given as an attachment with an ASCII name and the real one', () => {
    expect(attachmentDisposition('proof.pdf')).toBe(
      `attachment; filename="proof.pdf"; filename*=UTF-8''proof.pdf`,
    );
    expect(attachmentDisposition("Åsa's lease (1).pdf")).toBe(
      `attachment; filename="_sa's lease (1).pdf"; filename*=UTF-8''%C3%85sa%27s%20lease%20%281%29.pdf`,
    );
  });
});
