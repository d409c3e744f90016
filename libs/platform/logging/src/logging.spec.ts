import { Writable } from 'node:stream';
import pino from 'pino';
import { correlationIdOf, loggerOptions } from './logging';
import type { IncomingMessage } from 'node:http';

describe('logging', () => {
  it('redacts personal data wherever it sits', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(chunk.toString()), cb()) });
    const log = pino(loggerOptions('test', 'info'), sink);
    log.info({ payload: { contact: { email: 'a@b.c' } }, email: 'x@y.z', callerNumber: '+4477', reference: 'ABCD-EFGH-JKM' }, 'hello');
    const out = lines.join('');
    expect(out).not.toContain('a@b.c');
    expect(out).not.toContain('x@y.z');
    expect(out).not.toContain('+4477');
    expect(out).toContain('ABCD-EFGH-JKM');
    expect(JSON.parse(out)).toMatchObject({ service: 'test', level: 'info', msg: 'hello' });
  });

  it('keeps a well-formed correlation id and replaces a malformed one', () => {
    const req = (v?: string) => ({ headers: v === undefined ? {} : { 'x-correlation-id': v } }) as unknown as IncomingMessage;
    expect(correlationIdOf(req('abc-123'))).toBe('abc-123');
    expect(correlationIdOf(req('bad id\n{}'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf(req())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
