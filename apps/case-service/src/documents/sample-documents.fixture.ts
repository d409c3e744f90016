import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReceivedFile } from './reply-to-request/reply-to-request.usecase';

/**
 * Small files of each kind, by their real bytes (what a type is told by), for tests: a one-page PDF,
 * a 1×1 PNG, the start of a JPEG, a WebP and an iPhone's HEIC, and a Windows program.
 */
export const samplePdf = (): Buffer =>
  Buffer.from(
    [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  );

export const samplePng = (): Buffer =>
  Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e20000000049454e44ae426082',
    'hex',
  );

export const sampleJpeg = (): Buffer =>
  Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64)]);

export const sampleWebp = (): Buffer =>
  Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from('24000000', 'hex'),
    Buffer.from('WEBPVP8 '),
    Buffer.alloc(32),
  ]);

/** The `ftyp` box an iPhone writes at the start of a photo (major brand `heic`). */
export const sampleHeic = (): Buffer =>
  Buffer.concat([
    Buffer.from('00000018', 'hex'),
    Buffer.from('ftypheic'),
    Buffer.from('00000000', 'hex'),
    Buffer.from('mif1heic'),
    Buffer.alloc(64),
  ]);

/** A Windows program's first bytes (`MZ`, and the PE header it points to). */
export const sampleExe = (): Buffer => {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
};

/**
 * Bytes as the edge leaves a reply's file for the use case: written to a file in `folder` (the
 * store's staging folder), with their digest and first bytes.
 */
export function receivedFile(
  folder: string,
  field: string,
  name: string | undefined,
  bytes: Buffer,
  truncated = false,
): ReceivedFile {
  const path = join(folder, `${randomUUID()}.part`);
  writeFileSync(path, bytes);
  return {
    field,
    name,
    path,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    head: Buffer.from(bytes.subarray(0, 4100)),
    truncated,
  };
}
