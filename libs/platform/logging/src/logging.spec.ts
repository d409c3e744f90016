import { Writable } from 'node:stream';
import pino from 'pino';
import type { IncomingMessage } from 'node:http';
import { correlationIdOf, loggerOptions, requestLogLine, safeUrl } from './logging';

const capture = (level = 'info') => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(chunk.toString()), cb()) });
  return { log: pino(loggerOptions('test', level), sink), lines };
};

describe('logging', () => {
  it('redacts personal data wherever it sits', () => {
    const { log, lines } = capture();
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

  it('logs one line per request with its correlation id, never an api_key, and not health probes', () => {
    const { log, lines } = capture();
    requestLogLine(log, { method: 'POST', url: '/open311/v2/requests.json?api_key=s3cret', statusCode: 403, correlationId: 'c-1', responseTimeMs: 2.4 });
    requestLogLine(log, { method: 'GET', url: '/health/ready', statusCode: 200, correlationId: 'c-2', responseTimeMs: 1 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', correlationId: 'c-1', req: { url: '/open311/v2/requests.json?api_key=[redacted]' }, res: { statusCode: 403 } });
    expect(safeUrl('/x?a=1&token=abc')).toBe('/x?a=1&token=[redacted]');
  });
});
