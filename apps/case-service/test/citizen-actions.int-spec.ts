import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  allTopicSpecs,
  caseCloseScheduledV1,
  createEnvelope,
  requestReceivedV1,
  TOPICS,
  type CaseChangedV1,
  type CaseRecipients,
  type RequestReceivedV1,
} from '@city/contracts';
import { referenceFromKey } from '@city/domain-intake';
import { assertTestDatabase } from '@city/platform-database';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  EventPublisher,
  TopicProbe,
  uniquePrefix,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  publishServices,
  removeRateLimitCounts,
  removeTestState,
  repositoryCatalogue,
  requestReceived,
  roomyRateLimits,
  serviceTokenOf,
} from '@city/platform-testing';
import { ChangeStatusUseCase } from '../src/cases/change-status/change-status.usecase';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';
import { OpenCaseUseCase } from '../src/intake/open-case/open-case.usecase';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/** A point this many metres north and east of another. */
const offset = (p: { lat: number; long: number }, north: number, east: number) => ({
  lat: p.lat + north / 111_320,
  long: p.long + east / (111_320 * Math.cos((p.lat * Math.PI) / 180)),
});

/**
 * What a citizen does about requests, over HTTP against the real Postgres, Kafka, Redis and
 * Keycloak: "already reported?" nearby, following a report instead of making another (signed in;
 * then hearing about it, seeing it signed in, and reading it with their own email, but never acting
 * on it), reopening a resolved request, and how they hear from the city (an opt-out stays one).
 */
describe('case-service: a citizen acts on requests (real Postgres, Kafka, Redis, Keycloak)', () => {
  const prefix = uniquePrefix('csact');
  const schema = `case_actions_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'cs-actions',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  const limits = roomyRateLimits();
  let app: NestFastifyApplication;
  let url: string;
  let caseEvents: TopicProbe;

  /** A pothole reported at this place by a citizen with this email (and no phone). */
  const pothole = (place: { lat: number; long: number }, email = `${randomUUID()}@example.org`) =>
    requestReceived({
      location: { ...place, address: '12 Quiet Lane', propertyId: null },
      description: 'My bike wheel is bent',
      contact: { ...requestReceivedV1.example.payload.contact!, firstName: 'Rita', phone: null, email },
    });
  const open = async (...events: RequestReceivedV1[]) => {
    await app.get(OpenCaseUseCase).execute(events);
    return events.map((e) => e.payload.reference);
  };
  const call = async (path: string, init: RequestInit & { as?: Parameters<typeof asUser>[0] } = {}) => {
    const { as, ...rest } = init;
    const r = await fetch(`${url}${path}`, {
      ...rest,
      headers: {
        ...(rest.body ? { 'content-type': 'application/json' } : {}),
        ...(as ? await asUser(as) : {}),
      },
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const json = (method: string, body: unknown) => ({ method, body: JSON.stringify(body) });
  const recipients = async (reference: string): Promise<CaseRecipients> =>
    (
      await fetch(`${url}/api/v1/cases/${reference}/recipients`, {
        headers: { authorization: `Bearer ${await serviceTokenOf('notification-service')}` },
      })
    ).json() as Promise<CaseRecipients>;
  /** An agent moves the case on (the agents' use case; who they are comes from their token there). */
  const moveTo = async (reference: string, status: 'resolved' | 'closed') => {
    const { body } = await call(`/api/v1/cases/${reference}`, { as: 'agent-17' });
    await app.get(ChangeStatusUseCase).execute('default', reference, {
      status,
      reason: 'Filled',
      actor: 'agent:a-1',
      expectedVersion: (body as { case: { version: number } }).case.version,
    });
  };
  const somewhere = () => ({ lat: 40 + Math.random() * 10, long: Math.random() * 10 });

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    // The catalogue says which services' reports anyone may find nearby and follow.
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    app = await createCaseService(
      loadCaseConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
        ...limits,
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    caseEvents = await new TopicProbe(kafka, prefix + TOPICS.caseEvents).start();
    // Until the catalogue is read, nothing is known to be public (503).
    const here = somewhere();
    for (let i = 0; i < 300; i++) {
      const r = await fetch(
        `${url}/api/v1/requests/nearby?service=pothole&lat=${here.lat}&long=${here.long}`,
      );
      if (r.status !== 503) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([caseEvents?.stop(), publisher.close()]);
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
    await removeRateLimitCounts(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', limits.RATE_LIMIT_PREFIX);
  });

  it('nearby: the open report close by, not the one far away, nor anything personal; bad input named by field', async () => {
    const here = somewhere();
    const [near, far] = await open(pothole(offset(here, 30, -40)), pothole(offset(here, 3000, 0)));
    const nearby = (q: Record<string, string | number>) =>
      call(
        `/api/v1/requests/nearby?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`,
      );

    const found = await nearby({ service: 'pothole', ...here });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      count: 1,
      requests: [
        {
          reference: near,
          service: 'pothole',
          status: 'received',
          receivedAt: expect.any(String),
          distanceMetres: 50,
          location: { lat: expect.closeTo(here.lat + 30 / 111_320, 9), long: expect.any(Number) },
          expectedBy: null,
        },
      ],
    });
    expect(JSON.stringify(found.body)).not.toMatch(/bike|Quiet Lane|Rita|example\.org/);
    // At the largest radius the far one is still out of reach; from beside it, only it.
    expect((await nearby({ service: 'pothole', ...here, radius: 1000 })).body.requests).toHaveLength(1);
    expect(
      (await nearby({ service: 'pothole', ...offset(here, 3000, 0), radius: 100 })).body.requests,
    ).toEqual([expect.objectContaining({ reference: far, distanceMetres: 0 })]);
    // Once resolved, it is no longer "already reported".
    await moveTo(near, 'resolved');
    expect((await nearby({ service: 'pothole', ...here })).body.requests).toEqual([]);

    for (const [q, field] of [
      [{ service: 'pothole', lat: 91, long: 0 }, 'lat'],
      [{ service: 'pothole', lat: 'north', long: 0 }, 'lat'],
      [{ service: 'pothole', lat: 0, long: 200 }, 'long'],
      [{ service: 'pothole', lat: 0, long: 0, radius: 5000 }, 'radius'],
      [{ service: 'housing-repair', lat: 0, long: 0 }, 'service'],
      [{ service: 'no-such-thing', lat: 0, long: 0 }, 'service'],
    ] as const) {
      const r = await nearby(q);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ field, reason: expect.any(String) }]);
    }
  });

  it('follow: a signed-in citizen follows on their verified email (anonymous 401), hears about it and sees it signed in; twice is once; unknown 404, closed 409', async () => {
    const [reference, closed] = await open(pothole(somewhere()), pothole(somewhere()));
    const follow = (ref: string, body?: unknown, as: 'anna' | null = 'anna') =>
      call(`/api/v1/requests/${ref}/followers`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(as ? { as } : {}),
      });

    // Nobody subscribes an address without signing in with it.
    const anonymous = await follow(reference, { language: 'nl' }, null);
    expect(anonymous.status).toBe(401);
    const someoneElse = await follow(reference, { email: 'lars@example.org' });
    expect(someoneElse.status).toBe(400);
    expect(someoneElse.body.errors).toEqual([expect.objectContaining({ field: expect.any(String) })]);

    const first = await follow(reference.toLowerCase(), { language: 'nl' });
    expect(first).toEqual({ status: 201, body: { reference, following: true } });
    // Twice is once, with or without a body.
    expect((await follow(reference)).status).toBe(201);
    expect((await follow(reference, {})).status).toBe(201);

    const { recipients: who } = await recipients(reference);
    expect(who.filter((r) => r.role === 'follower')).toEqual([
      expect.objectContaining({ email: 'anna@example.org', language: 'nl', consentUpdates: true }),
    ]);
    // Anna (the demo citizen, verified anna@example.org) sees it among her cases.
    const mine = await call('/api/v1/me/cases', { as: 'anna' });
    expect(mine.body.cases.map((c: { reference: string }) => c.reference)).toContain(reference);
    // One line on the case's timeline, with nothing personal.
    const agentView = await call(`/api/v1/cases/${reference}`, { as: 'agent-17' });
    const lines = agentView.body.timeline.filter((t: { kind: string }) => t.kind === 'contact');
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/anna/i);

    expect((await follow(referenceFromKey('default', randomUUID()))).status).toBe(404);
    await moveTo(closed, 'resolved');
    await moveTo(closed, 'closed');
    const refused = await follow(closed);
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ field: 'reference', reason: expect.stringContaining('closed') }]);
  });

  it("a follower reads what they follow with their email (as a follower), and their inbox's look-up finds them; acting on it stays the reporter's; preferences are the follower's own", async () => {
    const reporterEmail = `${randomUUID()}@example.org`;
    const [reference] = await open(pothole(somewhere(), reporterEmail));
    expect(
      (await call(`/api/v1/requests/${reference}/followers`, { method: 'POST', as: 'lars' })).status,
    ).toBe(201);
    const lars = (await recipients(reference)).recipients.find((r) => r.email === 'lars@example.org')!;
    expect(lars).toMatchObject({ role: 'follower' });
    const reporter = (await recipients(reference)).recipients.find((r) => r.role === 'reporter')!;

    // Read: the request as a follower sees it (no "received" line, which the reporter sees).
    const asLars = await call(
      `/api/v1/requests/${reference}?email=${encodeURIComponent('Lars@example.org')}`,
    );
    expect(asLars.status).toBe(200);
    expect(asLars.body).toMatchObject({ reference, citizenId: lars.citizenId, service: 'pothole' });
    expect(asLars.body.timeline.map((t: { kind: string }) => t.kind)).not.toContain('created');
    const asReporter = await call(`/api/v1/requests/${reference}?email=${encodeURIComponent(reporterEmail)}`);
    expect(asReporter.body).toMatchObject({ citizenId: reporter.citizenId });
    expect(asReporter.body.timeline.map((t: { kind: string }) => t.kind)).toContain('created');
    expect((await call(`/api/v1/requests/${reference}?email=mallory@example.org`)).status).toBe(404);

    // The notification-service's inbox asks who the contact is: Lars, whose messages about it it shows.
    const citizenOf = async (email: string) => {
      const r = await fetch(
        `${url}/api/v1/requests/${reference}/citizen?email=${encodeURIComponent(email)}`,
        { headers: { authorization: `Bearer ${await serviceTokenOf('notification-service')}` } },
      );
      return { status: r.status, body: (await r.json()) as unknown };
    };
    expect(await citizenOf('lars@example.org')).toEqual({ status: 200, body: { citizenId: lars.citizenId } });
    expect(await citizenOf(reporterEmail)).toEqual({ status: 200, body: { citizenId: reporter.citizenId } });
    expect((await citizenOf('mallory@example.org')).status).toBe(404);

    // Act: only the citizen who made it; a follower's email is refused, naming it, and changes nothing.
    await moveTo(reference, 'resolved');
    const onlyReporter = [{ field: 'email', reason: 'only the citizen who made this request can do this' }];
    const reopen = await call(
      `/api/v1/requests/${reference}/reopen`,
      json('POST', { email: 'lars@example.org', reason: 'Still a hole' }),
    );
    expect(reopen).toEqual({ status: 403, body: expect.objectContaining({ errors: onlyReporter }) });
    const form = new FormData();
    form.append('email', 'lars@example.org');
    form.append('message', 'It is still there');
    const reply = await fetch(`${url}/api/v1/requests/${reference}/replies`, { method: 'POST', body: form });
    expect(reply.status).toBe(403);
    expect(((await reply.json()) as { errors: unknown }).errors).toEqual(onlyReporter);
    const agentView = await call(`/api/v1/cases/${reference}`, { as: 'agent-17' });
    expect(agentView.body.case.status).toBe('resolved');
    expect(agentView.body.timeline.map((t: { kind: string }) => t.kind)).not.toContain('citizen-replied');

    // Preferences by the request and Lars's email are Lars's own: his opt-out, never the reporter's.
    const path = `/api/v1/requests/${reference}/preferences`;
    const before = await call(`${path}?email=lars@example.org`);
    expect(before.status).toBe(200);
    const optOut = await call(path, json('PUT', { email: 'lars@example.org', consent: false }));
    expect(optOut).toEqual({ status: 200, body: { ...before.body, consent: false } });
    const now = (await recipients(reference)).recipients;
    expect(now.find((r) => r.citizenId === lars.citizenId)).toMatchObject({ consentUpdates: false });
    expect(now.find((r) => r.citizenId === reporter.citizenId)).toMatchObject({ consentUpdates: true });
    expect((await call('/api/v1/me/preferences', { as: 'lars' })).body).toMatchObject({ consent: false });
    // Lars opts back in, as he was.
    await call(path, json('PUT', { email: 'lars@example.org', consent: true }));
  });

  it('reopen: a resolved request goes back to open (CaseChanged by the citizen); a closed one is 409 with the day', async () => {
    const email = `${randomUUID()}@example.org`;
    const [reference, closed] = await open(pothole(somewhere(), email), pothole(somewhere(), email));
    await moveTo(reference, 'resolved');
    const reopen = (ref: string, body: unknown) => call(`/api/v1/requests/${ref}/reopen`, json('POST', body));

    const wrong = await reopen(reference, { email: 'mallory@example.org', reason: 'Still a hole' });
    expect(wrong.status).toBe(404);
    const done = await reopen(reference, { email, reason: 'The hole is back after the rain' });
    expect(done).toEqual({
      status: 200,
      body: { reference, status: 'open', reopenedAt: expect.any(String) },
    });
    // Out as CaseChanged, as an agent's change goes: the workflow-service puts the work back in its queue.
    const event = await caseEvents.waitFor((m) => {
      const e = m.json<CaseChangedV1>();
      return (
        e.payload.reference === reference && e.payload.change === 'status-changed' && e.payload.to === 'open'
      );
    }, 15_000);
    expect(event.json<CaseChangedV1>().payload).toMatchObject({
      from: 'resolved',
      to: 'open',
      actor: 'citizen',
      reason: 'The hole is back after the rain',
    });
    const followed = await call(`/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`);
    expect(followed.body.status).toBe('open');
    expect(followed.body.timeline.map((t: { text: string }) => t.text)).toContain(
      'Status changed from resolved to open.',
    );

    await moveTo(closed, 'resolved');
    await moveTo(closed, 'closed');
    const refused = await reopen(closed, { email, reason: 'Still a hole' });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([
      { field: 'status', reason: expect.stringMatching(/^closed on \d+ \w+ \d{4}; make a new request$/) },
    ]);
    // Open already: nothing to reopen.
    expect((await reopen(reference, { email, reason: 'Again' })).status).toBe(409);
  });

  it("reopen: refused once the service's period is over (the workflow's closesAt), though still resolved; the view says until when", async () => {
    const email = `${randomUUID()}@example.org`;
    const [reference] = await open(pothole(somewhere(), email));
    await moveTo(reference, 'resolved');
    const resolved = (
      await caseEvents.waitFor((m) => {
        const e = m.json<CaseChangedV1>();
        return (
          e.payload.reference === reference &&
          e.payload.change === 'status-changed' &&
          e.payload.to === 'resolved'
        );
      }, 15_000)
    ).json<CaseChangedV1>();
    const view = async () =>
      (await call(`/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`)).body as {
        status: string;
        reopenUntil: string | null;
      };
    expect(await view()).toMatchObject({ status: 'resolved', reopenUntil: null }); // the workflow has not said yet

    // The workflow says when it closes, through the case-service's consumer of its facts: after a
    // period of 1.8 seconds (a test's), counted from the resolution CaseChanged told it of.
    const resolvedAt = resolved.payload.at;
    const closesAt = new Date(Date.parse(resolvedAt) + 1800).toISOString();
    await publisher.publish(
      prefix + TOPICS.workflowEvents,
      resolved.payload.caseId,
      createEnvelope(caseCloseScheduledV1, {
        tenantId: 'default',
        correlationId: resolved.correlationId,
        causationId: resolved.eventId,
        payload: {
          caseId: resolved.payload.caseId,
          reference,
          at: new Date().toISOString(),
          resolvedAt,
          closesAt,
          period: '0.0005 hours',
        },
      }) as never,
    );
    for (let i = 0; i < 300 && (await view()).reopenUntil !== closesAt; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await view()).toMatchObject({ status: 'resolved', reopenUntil: closesAt });

    // Past it, before CaseCloseDue has come: still resolved, and refused, with the day and what to do.
    while (Date.now() <= Date.parse(closesAt)) await new Promise((r) => setTimeout(r, 100));
    const refused = await call(
      `/api/v1/requests/${reference}/reopen`,
      json('POST', { email, reason: 'The hole is back after the rain' }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([
      {
        field: 'status',
        reason: expect.stringMatching(/^the time to reopen it ended on \d+ \w+ \d{4}; make a new request$/),
      },
    ]);
    expect((await view()).status).toBe('resolved');
  });

  it('preferences: by the request and its second factor, and signed in; an opt-out is kept', async () => {
    const email = `${randomUUID()}@example.org`;
    const [reference] = await open(pothole(somewhere(), email));
    const path = `/api/v1/requests/${reference}/preferences`;

    expect(await call(`${path}?email=${encodeURIComponent(email)}`)).toEqual({
      status: 200,
      // As the request gave them (the example request is in Dutch).
      body: { consent: true, channel: 'email', language: 'nl' },
    });
    expect((await call(`${path}?email=mallory@example.org`)).status).toBe(404);
    const optOut = await call(path, json('PUT', { email, consent: false }));
    expect(optOut).toEqual({ status: 200, body: { consent: false, channel: 'email', language: 'nl' } });
    // Another change later leaves the opt-out as it is; so does the notification-service's view.
    await call(path, json('PUT', { email, language: 'sv', channel: 'sms' }));
    expect((await call(`${path}?email=${encodeURIComponent(email)}`)).body).toEqual({
      consent: false,
      channel: 'sms',
      language: 'sv',
    });
    expect((await recipients(reference)).recipients[0]).toMatchObject({
      consentUpdates: false,
      language: 'sv',
    });
    const nothing = await call(path, json('PUT', { email }));
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors).toEqual([{ field: 'consent', reason: expect.any(String) }]);

    // Signed in: Anna's record (she follows a report), whose opt-out a later follow does not undo.
    const [another, third] = await open(pothole(somewhere()), pothole(somewhere()));
    await call(`/api/v1/requests/${another}/followers`, { method: 'POST', as: 'anna' });
    expect((await call('/api/v1/me/preferences', { as: 'anna' })).status).toBe(200);
    const mine = await call('/api/v1/me/preferences', { as: 'anna', ...json('PUT', { consent: false }) });
    expect(mine).toEqual({ status: 200, body: expect.objectContaining({ consent: false }) });
    await call(`/api/v1/requests/${third}/followers`, { as: 'anna', ...json('POST', { language: 'de' }) });
    expect((await call('/api/v1/me/preferences', { as: 'anna' })).body).toMatchObject({ consent: false });
    expect((await recipients(third)).recipients.find((r) => r.email === 'anna@example.org')).toMatchObject({
      consentUpdates: false,
    });
    expect((await call('/api/v1/me/preferences')).status).toBe(401);
  });
});
