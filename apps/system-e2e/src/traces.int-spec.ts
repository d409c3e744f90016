import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { cleanupKafka, MailSink, prepareKafka, SmsStandIn, uniquePrefix } from '@city/platform-testing';
import { postJson, startApp, uniqueSchema, waitForCase, type RunningApp } from './system';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** The trace viewer tools/infra starts. */
const ZIPKIN = process.env.TEST_ZIPKIN_URL ?? 'http://127.0.0.1:9411';

/** A span as Zipkin's API gives it (names lower-cased). */
interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  localEndpoint: { serviceName: string };
  tags?: Record<string, string>;
}

const SERVICES = ['intake-gateway', 'case-service', 'workflow-service', 'notification-service'];

/**
 * One citizen's request followed through the running system in the trace viewer, as a developer
 * would: the four services as processes sending their spans to the real Zipkin, the request made on
 * the web channel, its trace id taken from the gateway's answer (traceresponse), and the trace read
 * back from Zipkin's API once the case is routed and the citizen's email is sent.
 */
describe('one request, one trace: from the channel to the case, its routing and its messages (Zipkin)', () => {
  const prefix = uniquePrefix('e2e_trace');
  const schemas = {
    cases: uniqueSchema('case_trace'),
    workflow: uniqueSchema('workflow_trace'),
    notifications: uniqueSchema('notification_trace'),
  };
  const mail = new MailSink();
  const sms = new SmsStandIn();
  const apps: RunningApp[] = [];
  let gateway: RunningApp;
  let cases: RunningApp;

  beforeAll(async () => {
    if (!/test/.test(new URL(DB).pathname)) throw new Error('the e2e database name must say test');
    const health = await fetch(`${ZIPKIN}/health`).catch(() => null);
    if (health?.status !== 200)
      throw new Error(`Zipkin does not answer at ${ZIPKIN}/health: start it with tools/infra up`);
    await prepareKafka(prefix, BROKERS);
    await Promise.all([mail.start(), sms.start()]);
    const traced = { KAFKA_TOPIC_PREFIX: prefix, TRACING_ZIPKIN_URL: `${ZIPKIN}/api/v2/spans` };
    cases = await startApp('case-service', 0, { ...traced, DATABASE_URL: DB, DB_SCHEMA: schemas.cases });
    apps.push(cases);
    const [g, workflow, notifications] = await Promise.all([
      startApp('intake-gateway', 0, { ...traced, CASE_SERVICE_URL: cases.url }),
      startApp('workflow-service', 0, {
        ...traced,
        DATABASE_URL: DB,
        DB_SCHEMA: schemas.workflow,
        QUEUE_PREFIX: `e2e-${schemas.workflow}`,
      }),
      startApp('notification-service', 0, {
        ...traced,
        DATABASE_URL: DB,
        DB_SCHEMA: schemas.notifications,
        QUEUE_PREFIX: `e2e-${schemas.notifications}`,
        CASE_SERVICE_URL: cases.url,
        SMTP_URL: mail.url,
        SMS_PROVIDER_URL: sms.url,
      }),
    ]);
    gateway = g;
    apps.push(g, workflow, notifications);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await Promise.all([mail.stop(), sms.stop()]);
    await cleanupKafka(prefix, BROKERS);
    const db = new Client({ connectionString: DB });
    await db.connect();
    for (const s of Object.values(schemas)) await db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await db.end();
  });

  it('the trace id from the answer opens one trace across the four services, with every Kafka hop a parent of the next', async () => {
    const email = `${randomUUID()}@example.org`;
    const res = await postJson(`${gateway.url}/api/v1/requests`, {
      serviceCode: 'pothole',
      attributes: { depth: 'deep', 'road-type': 'junction', hazard: 'no' },
      // Somewhere of its own: next to another report it would be linked as a duplicate.
      location: { lat: 40 + Math.random() * 10, long: Math.random() * 10 },
      contact: { firstName: 'Sam', lastName: 'Okafor', email },
    });
    expect(res.status).toBe(202);
    const { reference } = (await res.json()) as { reference: string };
    // What a developer copies from the answer: 00-<trace id>-<span id>-<flags> (W3C traceresponse).
    const traceresponse = res.headers.get('traceresponse') ?? '';
    expect(traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceresponse.split('-')[1];
    const correlationId = res.headers.get('x-correlation-id');

    // Routed to a queue by the workflow-service, and the citizen told by email.
    let view = await waitForCase(cases.url, reference);
    for (let i = 0; i < 300 && !view.case.queue; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = await waitForCase(cases.url, reference);
    }
    expect(view.case.queue).toBe('highways');
    await mail.waitFor((m) => m.to.includes(email), 30_000);

    // The spans arrive within a second or two of ending; wait until every one has a parent in the trace.
    const read = async (): Promise<ZipkinSpan[]> => {
      const r = await fetch(`${ZIPKIN}/api/v2/trace/${traceId}`);
      return r.status === 200 ? ((await r.json()) as ZipkinSpan[]) : [];
    };
    // Each service exports its spans in batches of its own: whole once every hop checked below is there too.
    const HOPS = [
      ['case-service', 'intake.requests.v1'],
      ['workflow-service', 'case.events.v1'],
      ['notification-service', 'workflow.events.v1'],
      ['case-service', 'workflow.events.v1'],
    ];
    const whole = (spans: ZipkinSpan[]) => {
      const ids = new Set(spans.map((s) => s.id));
      const services = new Set(spans.map((s) => s.localEndpoint.serviceName));
      const consumed = new Set(
        spans.filter((s) => s.kind === 'CONSUMER').map((s) => `${s.localEndpoint.serviceName} ${s.name}`),
      );
      return (
        SERVICES.every((s) => services.has(s)) &&
        HOPS.every(([service, topic]) => consumed.has(`${service} process ${topic}`)) &&
        spans.every((s) => !s.parentId || ids.has(s.parentId))
      );
    };
    let spans = await read();
    for (let i = 0; i < 60 && !whole(spans); i++) {
      await new Promise((r) => setTimeout(r, 500));
      spans = await read();
    }
    const summary = spans.map((s) => `${s.localEndpoint.serviceName}: ${s.kind ?? ''} ${s.name}`).sort();
    expect(new Set(spans.map((s) => s.localEndpoint.serviceName))).toEqual(new Set(SERVICES));

    const byId = new Map(spans.map((s) => [s.id, s]));
    // One root: the citizen's request at the gateway, named by its route and tagged with its correlation id.
    const roots = spans.filter((s) => !s.parentId);
    expect(roots.map((s) => `${s.localEndpoint.serviceName}: ${s.kind} ${s.name}`)).toEqual([
      'intake-gateway: SERVER post /api/v1/requests',
    ]);
    expect(roots[0].tags?.['correlation.id']).toBe(correlationId);
    // Every other span hangs from it (no broken link).
    expect(spans.filter((s) => s.parentId && !byId.has(s.parentId))).toEqual([]);

    /** The CONSUMER span of `service` for `topic`, and the PRODUCER span (of another service) it is the child of. */
    const hop = (service: string, topic: string) => {
      const consumer = spans.find(
        (s) =>
          s.kind === 'CONSUMER' && s.localEndpoint.serviceName === service && s.name === `process ${topic}`,
      );
      if (!consumer) throw new Error(`no ${service} span for ${topic} in the trace:\n${summary.join('\n')}`);
      const producer = byId.get(consumer.parentId ?? '');
      expect(producer).toMatchObject({ kind: 'PRODUCER', name: `send ${prefix}${topic}`.toLowerCase() });
      return { consumer, producer: producer! };
    };
    // The gateway publishes the request; the case-service opens the case.
    const intake = hop('case-service', 'intake.requests.v1');
    expect(intake.producer.localEndpoint.serviceName).toBe('intake-gateway');
    // The case-service's outbox publishes CaseOpened within the trace of the message that opened it;
    // the workflow-service routes it.
    const opened = hop('workflow-service', 'case.events.v1');
    expect(opened.producer.localEndpoint.serviceName).toBe('case-service');
    const ancestors = (s: ZipkinSpan): string[] =>
      s.parentId && byId.has(s.parentId) ? [s.parentId, ...ancestors(byId.get(s.parentId)!)] : [];
    expect(ancestors(opened.producer)).toContain(intake.consumer.id);
    // The workflow's facts (routed, the email to send) reach the notification-service and the case record.
    const told = hop('notification-service', 'workflow.events.v1');
    expect(told.producer.localEndpoint.serviceName).toBe('workflow-service');
    expect(ancestors(told.producer)).toContain(opened.consumer.id);
    const folded = hop('case-service', 'workflow.events.v1');
    expect(folded.producer.localEndpoint.serviceName).toBe('workflow-service');
    // And the work in between is in it: the case-service's queries while it opened the case.
    expect(
      spans.some(
        (s) =>
          s.localEndpoint.serviceName === 'case-service' &&
          s.kind === 'CLIENT' &&
          ancestors(s).includes(intake.consumer.id),
      ),
    ).toBe(true);
  });
});
