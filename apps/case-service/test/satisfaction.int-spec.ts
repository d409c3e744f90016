import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import {
  allTopicSpecs,
  requestReceivedV1,
  satisfactionRecordedV1,
  TOPICS,
  type RequestReceivedV1,
  type SatisfactionRecordedV1,
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

/**
 * "How satisfied are you with how we handled your request?" over HTTP against the real Postgres,
 * Kafka, Redis and Keycloak: answered on the request's page by its citizen (second factor), passed on
 * by the notification-service (its token), refused with a field and a reason when it is not valid,
 * before the request is resolved, and after the answer window; each answer on the case, on its
 * timeline and out as SatisfactionRecorded on case.events.v1.
 */
describe('case-service: the satisfaction question (real Postgres, Kafka, Redis, Keycloak)', () => {
  const prefix = uniquePrefix('cssat');
  const schema = `case_sat_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'cs-satisfaction',
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

  const reported = (email = `${randomUUID().slice(0, 8)}@example.org`): RequestReceivedV1 =>
    requestReceived({
      contact: { ...requestReceivedV1.example.payload.contact!, phone: null, email },
    });
  const open = async (e: RequestReceivedV1) => {
    await app.get(OpenCaseUseCase).execute([e]);
    return e.payload.reference;
  };
  const call = async (
    path: string,
    init: RequestInit & {
      as?: Parameters<typeof asUser>[0];
      service?: Parameters<typeof serviceTokenOf>[0];
    } = {},
  ) => {
    const { as, service, ...rest } = init;
    const r = await fetch(`${url}${path}`, {
      ...rest,
      headers: {
        ...(rest.body ? { 'content-type': 'application/json' } : {}),
        ...(as ? await asUser(as) : {}),
        ...(service ? { authorization: `Bearer ${await serviceTokenOf(service)}` } : {}),
      },
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const put = (body: unknown) => ({ method: 'PUT', body: JSON.stringify(body) });
  const agentView = async (reference: string) =>
    (await call(`/api/v1/cases/${reference}`, { as: 'agent-17' })).body;
  const moveTo = async (reference: string, status: 'resolved' | 'open' | 'in-progress') => {
    const { case: c } = await agentView(reference);
    await app.get(ChangeStatusUseCase).execute('default', reference, {
      status,
      reason: status === 'resolved' ? 'Filled' : 'Not fixed after all',
      actor: 'agent:a-1',
      expectedVersion: c.version,
    });
  };
  const recorded = (caseId: string) =>
    caseEvents
      .filter((m) => m.key === caseId && m.json<{ type: string }>().type === 'SatisfactionRecorded')
      .map((m) => m.json<SatisfactionRecordedV1>().payload);

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
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
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([caseEvents?.stop(), publisher.close()]);
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
    await removeRateLimitCounts(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', limits.RATE_LIMIT_PREFIX);
  });

  it('the citizen answers on the portal once it is resolved: on the case, on the timeline, and out as SatisfactionRecorded', async () => {
    const email = `${randomUUID().slice(0, 8)}@example.org`;
    const reference = await open(reported(email));
    const { case: c } = await agentView(reference);

    // Not yet resolved: the question is not asked, and an answer is refused in a sentence.
    const lookup = () => call(`/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`);
    expect((await lookup()).body.satisfaction).toBeNull();
    const early = await call(`/api/v1/requests/${reference}/satisfaction`, put({ email, score: 5 }));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'satisfaction.not-asked',
      message: `We do not ask how satisfied you are with ${reference}: it has not been resolved yet; we ask once it is.`,
    });

    await moveTo(reference, 'resolved');
    expect((await lookup()).body.satisfaction).toEqual({
      open: true,
      openUntil: expect.any(String),
      answer: null,
    });
    const answered = await call(
      `/api/v1/requests/${reference.toLowerCase()}/satisfaction`,
      put({ email: email.toUpperCase(), score: 4 }),
    );
    expect(answered).toEqual({
      status: 200,
      body: {
        reference,
        open: true,
        openUntil: expect.any(String),
        answer: { score: 4, via: 'portal', at: expect.any(String) },
      },
    });
    expect((await lookup()).body.satisfaction.answer).toMatchObject({ score: 4, via: 'portal' });
    const staff = await agentView(reference);
    expect(staff.satisfaction).toEqual({ score: 4, via: 'portal', answeredAt: answered.body.answer.at });
    expect(staff.timeline.filter((t: { kind: string }) => t.kind === 'satisfaction-recorded')).toEqual([
      expect.objectContaining({
        actor: 'citizen',
        channel: 'portal',
        summary: 'Satisfaction: 4 of 5 (satisfied), in the portal',
      }),
    ]);
    const event = await caseEvents.waitFor(
      (m) => m.key === c.id && m.json<{ type: string }>().type === 'SatisfactionRecorded',
    );
    const parsed = satisfactionRecordedV1.schema.parse(event.json<SatisfactionRecordedV1>().payload);
    expect(parsed).toEqual({
      caseId: c.id,
      reference,
      serviceCode: c.service.code,
      channelOfOrigin: 'web',
      score: 4,
      previousScore: null,
      via: 'portal',
      resolvedAt: expect.any(String),
      at: answered.body.answer.at,
    });

    // A change of mind within the window replaces it; the same answer again changes nothing.
    await call(`/api/v1/requests/${reference}/satisfaction`, put({ email, score: 2 }));
    await call(`/api/v1/requests/${reference}/satisfaction`, put({ email, score: 2 }));
    await caseEvents.waitFor(
      (m) => m.key === c.id && m.json<SatisfactionRecordedV1>().payload?.previousScore === 4,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(recorded(c.id).map((p) => [p.score, p.previousScore])).toEqual([
      [4, null],
      [2, 4],
    ]);
    expect((await agentView(reference)).satisfaction.score).toBe(2);
  }, 60_000);

  it('bad input is refused with the field and reason, a wrong contact finds nothing, and nothing changes', async () => {
    const email = `${randomUUID().slice(0, 8)}@example.org`;
    const reference = await open(reported(email));
    await moveTo(reference, 'resolved');
    const { case: c } = await agentView(reference);
    const answer = (body: unknown, ref = reference) =>
      call(`/api/v1/requests/${ref}/satisfaction`, put(body));

    for (const score of [0, 6, 3.5, '4', null]) {
      const r = await answer({ email, score });
      expect([score, r.status, r.body.errors]).toEqual([
        score,
        400,
        [expect.objectContaining({ field: 'score' })],
      ]);
    }
    expect((await answer({ score: 3 })).body.errors).toEqual([
      { field: 'email', reason: 'give the email or the phone number used for the request' },
    ]);
    expect((await answer({ email, score: 3, via: 'sms' })).status).toBe(400);
    expect((await answer({ email, score: 3 }, 'not-a-reference')).status).toBe(400);
    expect((await answer({ email: 'someone.else@example.org', score: 1 })).status).toBe(404);
    // The service's route is the notification-service's only.
    expect(
      (
        await call(`/api/v1/cases/${reference}/satisfaction`, {
          ...put({ score: 1, via: 'sms' }),
          as: 'agent-17',
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(`/api/v1/cases/${reference}/satisfaction`, put({ score: 1, via: 'sms' }))).status,
    ).toBe(401);
    expect((await agentView(reference)).satisfaction).toBeNull();
    expect(recorded(c.id)).toEqual([]);
  }, 60_000);

  it("the notification-service passes on an answer by link or text, and reads the question for the link's page", async () => {
    const reference = await open(reported());
    await moveTo(reference, 'resolved');
    const asService = { service: 'notification-service' as const };
    const before = await call(`/api/v1/cases/${reference}/satisfaction`, asService);
    expect(before).toEqual({
      status: 200,
      body: { reference, open: true, openUntil: expect.any(String), answer: null },
    });
    const sms = await call(`/api/v1/cases/${reference}/satisfaction`, {
      ...put({ score: 5, via: 'sms' }),
      ...asService,
    });
    expect(sms.body.answer).toMatchObject({ score: 5, via: 'sms' });
    const staff = await agentView(reference);
    expect(staff.timeline.at(-1)).toMatchObject({
      kind: 'satisfaction-recorded',
      actor: 'citizen:self-service via notification-service',
      channel: 'sms',
      summary: 'Satisfaction: 5 of 5 (very satisfied), by text reply',
    });
    expect((await call(`/api/v1/cases/${reference}/satisfaction`, asService)).body.answer).toMatchObject({
      score: 5,
    });
    const nobody = referenceFromKey('default', `web:${randomUUID()}`);
    expect((await call(`/api/v1/cases/${nobody}/satisfaction`, asService)).status).toBe(404);
    expect((await call(`/api/v1/cases/nonsense/satisfaction`, asService)).status).toBe(400);
  }, 60_000);

  it('a case reopened is still answered about; after 30 days from its first resolution the question is closed (409, in a sentence)', async () => {
    const email = `${randomUUID().slice(0, 8)}@example.org`;
    const reference = await open(reported(email));
    await moveTo(reference, 'resolved');
    await moveTo(reference, 'open');
    const reopened = await call(`/api/v1/requests/${reference}/satisfaction`, put({ email, score: 1 }));
    expect(reopened.body.answer).toMatchObject({ score: 1 });

    // The first resolution 31 days ago: the window is over.
    const { case: c } = await agentView(reference);
    const db = new Client({ connectionString: TEST_DB });
    await db.connect();
    await db.query(
      `UPDATE "${schema}".timeline_entries SET at = at - interval '31 days' WHERE case_id = $1 AND kind = 'status-changed'`,
      [c.id],
    );
    await db.end();
    const late = await call(`/api/v1/requests/${reference}/satisfaction`, put({ email, score: 5 }));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      code: 'satisfaction.closed',
      message: expect.stringMatching(
        new RegExp(
          `^The question about ${reference} closed on \\d{1,2} \\w+ \\d{4}; answers are no longer taken\\.$`,
        ),
      ),
      errors: [{ field: 'score', reason: expect.stringMatching(/^answers were taken until /) }],
    });
    expect((await agentView(reference)).satisfaction.score).toBe(1);
    expect(
      (await call(`/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`)).body.satisfaction,
    ).toMatchObject({ open: false, answer: { score: 1 } });
  }, 60_000);
});
