import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { asUser, cleanupKafka, prepareKafka, uniquePrefix } from '@city/platform-testing';
import { startApp, uniqueSchema, type RunningApp } from './system';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const OPT_OUT_SECRET = 'opt-out-secret-of-the-log-test';

/** The opt-out token of a citizen as the link in their emails carries it (HMAC of tenant and citizen id). */
const optOutToken = (citizenId: string) =>
  `${citizenId}.${createHmac('sha256', OPT_OUT_SECRET).update(`default\u0000${citizenId}`).digest().subarray(0, 18).toString('base64url')}`;

/**
 * What an operator reads in the services' logs (their stdout, as the processes write it) after
 * citizens and agents used URLs that carry personal data: the route each request matched, never the
 * email, phone number, name or opt-out token that was in the URL.
 */
describe('personal data in URLs never reaches the logs (case-service and notification-service processes)', () => {
  const prefix = uniquePrefix('logs');
  const caseSchema = uniqueSchema('case_logs');
  const notificationSchema = uniqueSchema('notification_logs');
  let cases: RunningApp;
  let notifications: RunningApp;

  beforeAll(async () => {
    if (!/test/.test(new URL(DB).pathname)) throw new Error('the e2e database name must say test');
    await prepareKafka(prefix, BROKERS);
    cases = await startApp(
      'case-service',
      0,
      { KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: DB, DB_SCHEMA: caseSchema, LOG_LEVEL: 'info' },
      { captureOutput: true },
    );
    notifications = await startApp(
      'notification-service',
      0,
      {
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: DB,
        DB_SCHEMA: notificationSchema,
        QUEUE_PREFIX: `logs-${notificationSchema}`,
        CASE_SERVICE_URL: cases.url,
        OPT_OUT_SECRET,
        LOG_LEVEL: 'info',
      },
      { captureOutput: true },
    );
  }, 150_000);

  afterAll(async () => {
    await Promise.all([cases?.stop(), notifications?.stop()]);
    await cleanupKafka(prefix, BROKERS);
    const db = new Client({ connectionString: DB });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${caseSchema}" CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${notificationSchema}" CASCADE`);
    await db.end();
  });

  /** The request log lines of one request (by its correlation id), as JSON, once it is written. */
  const requestLines = async (app: RunningApp, correlationId: string) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const lines = app
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map(
          (l) =>
            JSON.parse(l) as {
              msg?: string;
              correlationId?: string;
              req?: Record<string, unknown>;
              res?: { statusCode: number };
            },
        )
        .filter((l) => l.correlationId === correlationId && l.msg === 'request completed');
      if (lines.length > 0 || Date.now() > deadline) return lines;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const correlationId = randomUUID();
    const res = await fetch(url, { headers: { 'x-correlation-id': correlationId, ...headers } });
    await res.arrayBuffer();
    return { status: res.status, correlationId };
  };

  it('logs the route pattern of each request, and no email, phone number, name or opt-out token from its URL', async () => {
    const unique = randomUUID().slice(0, 8);
    const email = `anna.de.vries.${unique}@example.org`;
    const phone = `+3161${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const name = `Annabel Zylstra${unique}`;
    const token = optOutToken(randomUUID());
    const reference = 'EA49-HVS1-TVR';

    const seen = [
      // A citizen follows a request with the email or the phone they gave.
      {
        app: cases,
        route: '/api/v1/requests/:reference',
        ...(await get(`${cases.url}/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`)),
      },
      {
        app: cases,
        route: '/api/v1/requests/:reference',
        ...(await get(`${cases.url}/api/v1/requests/${reference}?phone=${encodeURIComponent(phone)}`)),
      },
      // An agent searches by name and email.
      {
        app: cases,
        route: '/api/v1/cases',
        ...(await get(
          `${cases.url}/api/v1/cases?name=${encodeURIComponent(name)}&email=${encodeURIComponent(email)}`,
          await asUser('agent-17'),
        )),
      },
      // A citizen opens the opt-out link of an email, and reads their portal inbox.
      {
        app: notifications,
        route: '/api/v1/opt-out/:token',
        ...(await get(`${notifications.url}/api/v1/opt-out/${token}`)),
      },
      {
        app: notifications,
        route: '/api/v1/inbox',
        ...(await get(
          `${notifications.url}/api/v1/inbox?reference=${reference}&email=${encodeURIComponent(email)}`,
        )),
      },
    ];
    for (const s of seen) {
      const lines = await requestLines(s.app, s.correlationId);
      expect({ route: s.route, lines }).toEqual({
        route: s.route,
        lines: [
          expect.objectContaining({
            req: expect.objectContaining({ method: 'GET', route: s.route }),
            res: { statusCode: s.status },
          }),
        ],
      });
    }
    // The opt-out link is a real one: the page asks to confirm.
    expect(seen[3].status).toBe(200);

    // A path no route matches: the request is logged, its URL is not.
    const lost = await get(
      `${cases.url}/api/v1/citizens-by-email/${encodeURIComponent(email)}?phone=${encodeURIComponent(phone)}`,
    );
    expect(lost.status).toBe(404);
    expect(await requestLines(cases, lost.correlationId)).toEqual([
      expect.objectContaining({ req: { method: 'GET', route: null }, res: { statusCode: 404 } }),
    ]);

    const log = cases.output() + notifications.output();
    for (const secret of [
      email,
      encodeURIComponent(email),
      phone,
      encodeURIComponent(phone),
      phone.slice(1),
      name,
      encodeURIComponent(name),
      'Zylstra' + unique,
      token,
    ]) {
      expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
    }
  }, 60_000);
});
