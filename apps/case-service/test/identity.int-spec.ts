import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  allTopicSpecs,
  requestReceivedV1,
  TOPICS,
  type RequestReceivedV1,
  type RequestReceivedV1Payload,
} from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  EventPublisher,
  uniquePrefix,
} from '@city/platform-kafka';
import { auditHash } from '@city/platform-audit';
import { createLogger } from '@city/platform-logging';
import { asUser, removeTestState, requestReceived } from '@city/platform-testing';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * Identity on the record, with real tokens from the real Keycloak: who acted comes from the token,
 * never from the body; every read of personal data is in an append-only audit log that an
 * administrator can query; a signed-in citizen sees their own requests and no one else's.
 */
describe('case-service: who acted, who read, whose case (real Keycloak, Kafka, Postgres)', () => {
  const prefix = uniquePrefix('csid');
  const schema = `case_identity_${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(
    {
      clientId: 'cs-identity',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  let app: NestFastifyApplication;
  let url: string;

  const request = (contact: Partial<NonNullable<RequestReceivedV1Payload['contact']>>): RequestReceivedV1 =>
    requestReceived({ contact: { ...requestReceivedV1.example.payload.contact!, phone: null, ...contact } });

  const as = async (user: Parameters<typeof asUser>[0], path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(await asUser(user)) },
    });
  const opened = async (e: RequestReceivedV1) => {
    await publisher.publish(prefix + TOPICS.intakeRequests, `default:${e.payload.idempotencyKey}`, e);
    for (let i = 0; i < 300; i++) {
      const r = await as('agent-17', `/api/v1/cases/${e.payload.reference}`);
      if (r.status === 200)
        return (await r.json()) as {
          case: { version: number; citizenId: string };
          timeline: Array<{ kind: string; actor: string }>;
        };
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(
      `case ${e.payload.reference} not opened: ${(await as('agent-17', `/api/v1/cases/${e.payload.reference}`)).status}`,
    );
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    app = await createCaseService(
      loadCaseConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KAFKA_TOPIC_PREFIX: prefix,
        DATABASE_URL: TEST_DB,
        DB_SCHEMA: schema,
        PORT: '0',
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
  });

  it('the timeline names the agent of the token; a body that names an actor is refused and changes nothing', async () => {
    const e = request({ email: `${randomUUID()}@example.org` });
    const { case: c } = await opened(e);
    const forged = await as('agent-17', `/api/v1/cases/${e.payload.reference}/status`, {
      method: 'POST',
      body: JSON.stringify({
        status: 'in-progress',
        expectedVersion: c.version,
        actor: 'agent:someone-else',
      }),
    });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({
      errors: [{ field: '(body)', reason: 'unknown field: actor' }],
    });
    const changed = await as('agent-18', `/api/v1/cases/${e.payload.reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'in-progress', expectedVersion: c.version, channel: 'phone' }),
    });
    expect(changed.status).toBe(200);
    const note = await as('clerk-9', `/api/v1/cases/${e.payload.reference}/notes`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Seen at the counter', visibility: 'shared' }),
    });
    expect(note.status).toBe(201);
    const view = (await (await as('agent-17', `/api/v1/cases/${e.payload.reference}`)).json()) as {
      timeline: Array<{ kind: string; actor: string }>;
    };
    expect(view.timeline.filter((t) => t.kind !== 'created').map((t) => [t.kind, t.actor])).toEqual([
      ['status-changed', 'agent:agent-18'],
      ['note-added', 'clerk:clerk-9'],
    ]);
  });

  it('every read of a case, a citizen or a search is in the audit log, which an administrator queries and no one changes', async () => {
    const email = `${randomUUID()}@example.org`;
    const e = request({ email });
    const { case: c } = await opened(e);
    expect((await as('agent-18', `/api/v1/cases?email=${encodeURIComponent(email)}`)).status).toBe(200);
    expect((await as('supervisor-1', `/api/v1/citizens/${c.citizenId}`)).status).toBe(200);

    expect((await as('agent-17', `/api/v1/audit/reads?subject=${e.payload.reference}`)).status).toBe(403);
    const res = await as('admin-1', `/api/v1/audit/reads?subject=${e.payload.reference}`);
    expect(res.status).toBe(200);
    const { reads } = (await res.json()) as {
      reads: Array<{ actor: string; action: string; subject: string; references: string[]; outcome: number }>;
    };
    // Newest first: the citizen's record (it lists the case), the search that found it, the agent opening it.
    expect(reads.map((r) => [r.actor, r.action, r.outcome])).toEqual(
      expect.arrayContaining([
        ['supervisor:supervisor-1', 'citizen.read', 200],
        ['agent:agent-18', 'cases.search', 200],
        ['agent:agent-17', 'case.read', 200],
      ]),
    );
    const search = reads.find((r) => r.action === 'cases.search')!;
    expect(search.references).toEqual([e.payload.reference]);
    // The audit is kept and never changed: what was searched for is there hashed, not as the email.
    expect(search.subject).toBe(`email=${auditHash(email)}`);
    const byAgent = (await (
      await as(
        'admin-1',
        `/api/v1/audit/reads?actor=${encodeURIComponent('agent:agent-18')}&action=cases.search`,
      )
    ).json()) as { reads: unknown[] };
    expect(byAgent.reads.length).toBeGreaterThanOrEqual(1);

    const db = app.get(DataSource);
    await expect(db.query(`UPDATE "${schema}".audit_reads SET actor = 'nobody'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM "${schema}".audit_reads`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE "${schema}".audit_reads`)).rejects.toThrow(/append-only/);
  });

  it("a signed-in citizen sees their own requests and those they follow, and no one else's", async () => {
    const anna = request({ email: 'anna@example.org', firstName: 'Anna' });
    const lars = request({ email: 'lars@example.org', firstName: 'Lars' });
    await opened(anna);
    await opened(lars);
    // Someone else files a web report with Anna's email and their own phone: it is kept apart from her record, and not hers to see.
    const sender = request({
      email: 'anna@example.org',
      phone: `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`,
    });
    await opened(sender);
    const mine = (await (await as('anna', '/api/v1/me/cases')).json()) as {
      cases: Array<{ reference: string }>;
    };
    const refs = mine.cases.map((c) => c.reference);
    expect(refs).toContain(anna.payload.reference);
    expect(refs).not.toContain(lars.payload.reference);
    expect(refs).not.toContain(sender.payload.reference);
    // And not the agents' view of anyone's case, her own included.
    expect((await as('anna', `/api/v1/cases/${anna.payload.reference}`)).status).toBe(403);
    expect((await as('anna', `/api/v1/cases?email=lars@example.org`)).status).toBe(403);
  });
});
