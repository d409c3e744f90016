import { fileTypeFromBuffer } from 'file-type/core';
import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from '@city/contracts';

/**
 * The type a document's content shows (its magic numbers, read by file-type), whatever its name or
 * the type its sender declared: `{ allowed }` for a type the city takes, else what was found
 * (a MIME type, or null when the content matches no known type).
 */
export async function contentTypeOf(
  bytes: Uint8Array,
): Promise<{ allowed: DocumentContentType } | { found: string | null }> {
  const found = (await fileTypeFromBuffer(bytes))?.mime ?? null;
  return (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(found ?? '')
    ? { allowed: found as DocumentContentType }
    : { found };
}

/** Characters a file name must not carry: controls, those Windows refuses, and the bidirectional marks that disguise an extension. */
const isUnsafe = (ch: string) => {
  const c = ch.codePointAt(0) ?? 0;
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    '"*:<>?|'.includes(ch) ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
};
const MAX_NAME = 200;

/**
 * A file's own name, safe to keep and to give back: no folder part (`C:\\Users\\anna\\scan.pdf` is
 * `scan.pdf`), none of the characters above, no leading dots, at most 200 characters (its extension
 * kept); `document` when nothing is left.
 */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC')]
    .filter((ch) => !isUnsafe(ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (!cleaned) return 'document';
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, MAX_NAME - ext.length).join('') + ext;
}

/** The extensions each type goes by, the usual one first. */
const EXTENSIONS: Record<DocumentContentType, string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic', '.heif'],
  'image/heif': ['.heif', '.heic'],
};

/**
 * The name a document is downloaded under: its own, with the extension of what it is added when its
 * name says otherwise (a PNG sent as `scan.pdf` downloads as `scan.pdf.png`, and opens as an image).
 */
export function downloadName(name: string, contentType: DocumentContentType): string {
  const exts = EXTENSIONS[contentType];
  const lower = name.toLowerCase();
  return exts.some((e) => lower.endsWith(e)) ? name : `${name}${exts[0]}`;
}

/** `Content-Disposition` of a download: an ASCII name for old clients, and the real one (RFC 6266, RFC 5987). */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
