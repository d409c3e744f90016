import { Writable } from 'node:stream';
import pino from 'pino';
import type { IncomingMessage } from 'node:http';
import { correlationIdOf, loggerOptions, requestLogLine, safeUrl, withLogContext } from './logging';

const capture = (level = 'info') => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(chunk.toString()), cb()) });
  return { log: pino(loggerOptions('test', level), sink), lines };
};

describe('logging', () => {
  it('puts the correlation id of the request or message under way on every line, unless a line names its own', async () => {
    const { log, lines } = capture();
    log.info('outside');
    await withLogContext({ correlationId: 'corr-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      log.info('inside, after an await');
      log.info({ correlationId: 'its-own' }, 'names its own');
    });
    const [outside, inside, own] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(outside.correlationId).toBeUndefined();
    expect(inside).toMatchObject({ correlationId: 'corr-1', msg: 'inside, after an await' });
    expect(own.correlationId).toBe('its-own');
  });

  it('redacts personal data wherever it sits', () => {
    const { log, lines } = capture();
    log.info(
      {
        payload: { contact: { email: 'a@b.c' } },
        email: 'x@y.z',
        callerNumber: '+4477',
        reference: 'ABCD-EFGH-JKM',
      },
      'hello',
    );
    const out = lines.join('');
    expect(out).not.toContain('a@b.c');
    expect(out).not.toContain('x@y.z');
    expect(out).not.toContain('+4477');
    expect(out).toContain('ABCD-EFGH-JKM');
    expect(JSON.parse(out)).toMatchObject({ service: 'test', level: 'info', msg: 'hello' });
  });

  it('keeps a well-formed correlation id and replaces a malformed one', () => {
    const req = (v?: string) =>
      ({ headers: v === undefined ? {} : { 'x-correlation-id': v } }) as unknown as IncomingMessage;
    expect(correlationIdOf(req('abc-123'))).toBe('abc-123');
    expect(correlationIdOf(req('bad id\n{}'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf(req())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with its correlation id and the route it matched, and not health probes', () => {
    const { log, lines } = capture();
    requestLogLine(log, {
      method: 'GET',
      route: '/api/v1/requests/:reference',
      statusCode: 404,
      correlationId: 'c-1',
      responseTimeMs: 2.4,
    });
    requestLogLine(log, {
      method: 'GET',
      route: '/health/ready',
      statusCode: 200,
      correlationId: 'c-2',
      responseTimeMs: 1,
    });
    requestLogLine(log, {
      method: 'GET',
      route: null,
      statusCode: 404,
      correlationId: 'c-3',
      responseTimeMs: 1,
    });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      correlationId: 'c-1',
      req: { method: 'GET', route: '/api/v1/requests/:reference' },
      res: { statusCode: 404 },
    });
    expect(JSON.parse(lines[1])).toMatchObject({ correlationId: 'c-3', req: { method: 'GET', route: null } });
    expect(safeUrl('/x?a=1&token=abc')).toBe('/x?a=1&token=[redacted]');
  });

  it("serialises an error with its type, message and code, without a failed statement's parameters or the row values Postgres quotes", () => {
    const { log, lines } = capture();
    // As TypeORM's QueryFailedError carries pg's error: on itself and as driverError.
    const driverError = Object.assign(
      new Error('duplicate key value violates unique constraint "contact_points_identity"'),
      {
        code: '23505',
        constraint: 'contact_points_identity',
        detail: 'Key (tenant_id, kind, value)=(default, email, anna@example.org) already exists.',
      },
    );
    class QueryFailedError extends Error {}
    const err = Object.assign(new QueryFailedError(driverError.message), {
      query: 'INSERT INTO contact_points (tenant_id, kind, value) VALUES ($1, $2, $3)',
      parameters: ['default', 'email', 'anna@example.org'],
      driverError,
      code: '23505',
      constraint: 'contact_points_identity',
      detail: driverError.detail,
      where: 'COPY contact_points, line 1: "default,email,anna@example.org"',
    });
    log.error({ err }, 'failed');
    expect(lines.join('')).not.toContain('anna@example.org');
    expect(JSON.parse(lines[0]).err).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "contact_points_identity"',
      code: '23505',
      constraint: 'contact_points_identity',
      query: 'INSERT INTO contact_points (tenant_id, kind, value) VALUES ($1, $2, $3)',
      driverError: { code: '23505', constraint: 'contact_points_identity' },
    });
    // The error itself is left as it was, for whoever handles it.
    expect(err.parameters).toEqual(['default', 'email', 'anna@example.org']);
    expect(driverError.detail).toContain('anna@example.org');
  });
});
