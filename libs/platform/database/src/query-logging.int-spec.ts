import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { DataSource, QueryFailedError } from 'typeorm';
import { baseConfigSchema, loadConfig } from '@city/platform-config';
import { createHttpApp } from '@city/platform-http';
import { APP_LOGGER, loggerOptions, PinoNestLogger } from '@city/platform-logging';
import { assertTestDatabase, dataSourceOptions } from './data-source';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/** A service's log as an operator reads it: its pino lines, and whatever else reached the console. */
const lines: string[] = [];
const logger = pino(
  loggerOptions('test-service', 'info'),
  new Writable({ write: (chunk, _enc, cb) => (lines.push(chunk.toString()), cb()) }),
);
const consoleOut: string[] = [];
const logText = () => lines.join('') + consoleOut.join('\n');
const logged = () =>
  lines.map(
    (l) => JSON.parse(l) as Record<string, unknown> & { msg?: string; err?: Record<string, unknown> },
  );

let ds: DataSource;
let table: string;

/** A route that stores a citizen's email, as a service's would; a second time it is a unique violation, a 500. */
@Controller('people')
class PeopleController {
  @Post()
  async add(@Body() body: { email: string }) {
    await ds.query(`INSERT INTO ${table} (email) VALUES ($1)`, [body.email]);
    return { stored: true };
  }
}

@Module({
  controllers: [PeopleController],
  providers: [
    { provide: APP_LOGGER, useValue: logger },
    { provide: PinoNestLogger, useValue: new PinoNestLogger(logger) },
  ],
})
class PeopleModule {}

/** Failing and slow queries, and a 500 caused by one, against the real Postgres: the SQL and the error in the log, never a citizen's data. */
describe('query and error logging (real Postgres)', () => {
  const schema = `query_log_${randomUUID().slice(0, 8)}`;
  table = `"${schema}".people`;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    ds = new DataSource({
      ...dataSourceOptions({ url: TEST_DB, schema, entities: [], migrations: [], logger, slowQueryMs: 100 }),
    });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, email text NOT NULL UNIQUE)`);
  });
  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });
  beforeEach(() => {
    lines.length = 0;
    consoleOut.length = 0;
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
      jest
        .spyOn(console, m)
        .mockImplementation((...args: unknown[]) => void consoleOut.push(args.map(String).join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  it('a failing query is logged through the service logger with its SQL, code and message, never its parameters or the row Postgres quotes', async () => {
    const email = `anna.${randomUUID()}@example.org`;
    await ds.query(`INSERT INTO ${table} (email) VALUES ($1)`, [email]);
    const failed = await ds
      .query(`INSERT INTO ${table} (email) VALUES ($1)`, [email])
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect(logged()).toEqual([
      expect.objectContaining({
        level: 'error',
        service: 'test-service',
        msg: 'query failed',
        query: `INSERT INTO ${table} (email) VALUES ($1)`,
        err: expect.objectContaining({
          code: '23505',
          message: expect.stringContaining(
            'duplicate key value violates unique constraint "people_email_key"',
          ),
        }),
      }),
    ]);
    expect(logText()).not.toContain(email);
    expect(logText()).not.toContain('Key (email)');
  });

  it('a slow query is logged with its SQL and how long it took, not its parameters', async () => {
    const phone = `+3161${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await ds.query('SELECT pg_sleep(0.2), $1::text AS phone', [phone]);
    expect(logged()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'slow query',
        query: 'SELECT pg_sleep(0.2), $1::text AS phone',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(logged()[0].durationMs as number).toBeGreaterThanOrEqual(100);
    expect(logText()).not.toContain(phone);
  });

  it('a 500 caused by a failing query logs the error with its code and constraint, without its parameters or row values', async () => {
    const app: NestFastifyApplication = await createHttpApp(
      { module: PeopleModule },
      loadConfig(baseConfigSchema, {}),
    );
    await app.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/people`;
      const email = `lars.${randomUUID()}@example.org`;
      const post = () =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        });
      expect((await post()).status).toBe(201);
      const res = await post();
      expect(res.status).toBe(500);
      expect(JSON.stringify(await res.json())).not.toContain(email);
      const errors = logged().filter((l) => l.level === 'error' && l.context === 'ApiErrorFilter');
      expect(errors).toEqual([
        expect.objectContaining({
          err: expect.objectContaining({
            type: 'QueryFailedError',
            code: '23505',
            constraint: 'people_email_key',
            message: expect.stringContaining('duplicate key value'),
          }),
        }),
      ]);
      expect(logText()).not.toContain(email);
      expect(logText()).not.toContain('Key (email)');
    } finally {
      await app.close();
    }
  });
});
