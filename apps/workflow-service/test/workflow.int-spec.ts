import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  allTopicSpecs,
  caseChangedV1,
  caseOpenedV1,
  createEnvelope,
  TOPICS,
  type CaseOpenedV1,
} from '@city/contracts';
import { assertTestDatabase, dataSourceOptions } from '@city/platform-database';
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
  caughtUp,
  type DemoUser,
  pendingSchemaChanges,
  publishServices,
  removeTestState,
  repositoryCatalogue,
  roomyRateLimits,
} from '@city/platform-testing';
import { WORKFLOW_ENTITIES, WORKFLOW_MIGRATIONS } from '../src/app.module';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig } from '../src/config';
import { CounterTicket } from '../src/counter/counter-ticket.entity';
import { SlaTimers } from '../src/sla/sla-timers.processor';
import { WorkItem } from '../src/work-items/work-item.entity';
import { TakeNextUseCase } from '../src/work-items/take-next/take-next.usecase';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/** A clock the test moves: SLA timers are tested without waiting. */
const clock = {
  t: new Date('2026-11-30T08:00:00Z'),
  now() {
    return this.t;
  },
};

describe('workflow-service: routing, service levels and work distribution (real Kafka, Postgres, Redis)', () => {
  const prefix = uniquePrefix('wf');
  const schema = `workflow_test_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `wf-test-${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'wf-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  const config = loadWorkflowConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: TEST_DB,
    DB_SCHEMA: schema,
    PORT: '0',
    QUEUE_PREFIX: queuePrefix,
    ...roomyRateLimits(),
  });
  let app: NestFastifyApplication;
  let url: string;
  let facts: TopicProbe;

  const start = async () => {
    app = await createWorkflowService(config, { clock });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    for (let i = 0; i < 300 && (await fetch(`${url}/health/ready`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
  };
  const http = (method: string, path: string, body?: unknown) => httpAs('supervisor-1', method, path, body);
  /** A call signed in as a demo user (real Keycloak token); the actor on records is the token's. */
  const httpAs = async (user: DemoUser | null, method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(user ? await asUser(user) : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** A case as the case-service announces it, from any channel. */
  const opened = (over: Partial<CaseOpenedV1['payload']> = {}): CaseOpenedV1 => {
    const base = caseOpenedV1.example.payload;
    return createEnvelope(caseOpenedV1, {
      tenantId: 'default',
      correlationId: randomUUID(),
      payload: {
        ...base,
        caseId: randomUUID(),
        reference: base.reference,
        receivedAt: '2026-11-30T08:00:00.000Z',
        openedAt: '2026-11-30T08:00:01.000Z',
        ...over,
      },
    });
  };
  /** A status change as the case record announces it. */
  const statusChanged = (
    c: CaseOpenedV1,
    from: string,
    to: string,
    at: string,
    actor = 'agent:a1',
    channel: 'phone' | 'web' | null = 'phone',
  ) =>
    createEnvelope(caseChangedV1, {
      tenantId: 'default',
      correlationId: randomUUID(),
      payload: {
        change: 'status-changed',
        caseId: c.payload.caseId,
        reference: c.payload.reference,
        version: 2,
        actor,
        channel,
        at,
        from: from as never,
        to: to as never,
        reason: null,
      },
    });
  const publishCase = (e: { payload: { caseId: string } }) =>
    publisher.publish(prefix + TOPICS.caseEvents, e.payload.caseId, e as never);
  const factsOf = (caseId: string, type?: string) =>
    facts.filter((m) => m.key === caseId && (!type || m.json<{ type: string }>().type === type));
  const waitForItem = async (caseId: string) => {
    for (let i = 0; i < 200; i++) {
      const r = await http('GET', `/api/v1/work-items/${caseId}`);
      if (r.status === 200) return r.json();
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`no work item for ${caseId}`);
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    facts = await new TopicProbe(kafka, prefix + TOPICS.workflowEvents).start();
    await start();
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([facts?.stop(), publisher.close()]);
    await removeTestState({
      kafka,
      topicPrefix: prefix,
      redisUrl: config.REDIS_URL,
      queuePrefix,
      databaseUrl: TEST_DB,
      schemas: [schema],
    });
  });

  const scrape = async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** One series' value in Prometheus's text format (the first whose labels include these), or undefined. */
  const sampleOf = (text: string, name: string, labels: Record<string, string>) => {
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
      );
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('the committed migrations build exactly the schema the entities describe', async () => {
    expect(
      await pendingSchemaChanges(
        dataSourceOptions({
          url: TEST_DB,
          schema,
          entities: WORKFLOW_ENTITIES,
          migrations: WORKFLOW_MIGRATIONS,
        }),
      ),
    ).toEqual([]);
  });

  it('routes a case by service, district, hazard and language, the same from every channel, with due times on the business calendar', async () => {
    const cases = (['web', 'phone', 'kiosk', 'counter'] as const).map((channel) =>
      opened({ channel, attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'yes' } }),
    );
    for (const e of cases) await publishCase(e);
    const items = await Promise.all(cases.map((e) => waitForItem(e.payload.caseId)));
    for (const item of items) {
      // Coolsingel is north of the Maas; a hazard is priority 1; a Dutch speaker needs an agent who speaks Dutch.
      // Monday 30 November 09:00 local: first response 1 working day, resolution 5 working days on.
      expect(item).toMatchObject({
        queue: 'highways-north',
        priority: 1,
        skills: ['nl'],
        state: 'queued',
        rule: 'highways-noord',
        area: 'noord',
        dueAt: { firstResponse: '2026-12-01T08:00:00.000Z', resolution: '2026-12-07T08:00:00.000Z' },
      });
    }
    const routed = await facts.waitFor(
      (m) => m.key === cases[1].payload.caseId && m.json<{ type: string }>().type === 'CaseRouted',
    );
    expect(routed.json()).toMatchObject({
      causationId: cases[1].eventId,
      payload: { queue: 'highways-north', priority: 1, skills: ['nl'], rule: 'highways-noord' },
    });
    const due = await facts.waitFor(
      (m) => m.key === cases[1].payload.caseId && m.json<{ type: string }>().type === 'DueTimesSet',
    );
    expect(due.json()).toMatchObject({
      payload: {
        firstResponseDueAt: '2026-12-01T08:00:00.000Z',
        resolutionDueAt: '2026-12-07T08:00:00.000Z',
        calendar: 'rotterdam-office-hours',
      },
    });

    // South of the river, no hazard, support needs: another queue, priority 2, an assisted-contact skill.
    const south = opened({
      location: { lat: 51.88, long: 4.5, address: null, propertyId: null },
      supportNeeds: true,
      language: 'en',
    });
    await publishCase(south);
    expect(await waitForItem(south.payload.caseId)).toMatchObject({
      queue: 'highways-south',
      priority: 2,
      skills: ['assisted-contact'],
    });
    // A duplicate is not routed: the original carries the work.
    const dup = opened({
      duplicateOf: {
        caseId: cases[0].payload.caseId,
        reference: cases[0].payload.reference,
        distanceMetres: 12,
      },
    });
    await publishCase(dup);
    await caughtUp(kafka, 'workflow-service.cases', [TOPICS.caseEvents]); // the duplicate was handled
    expect((await http('GET', `/api/v1/work-items/${dup.payload.caseId}`)).status).toBe(404);
  });

  it('warns at 75 % and breaches at 100 % of the time, once each, escalating to the supervisors with a raised priority', async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const e = opened({
      location: { lat: 51.95, long: 4.45, address: null, propertyId: null },
      language: 'en',
      attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
    });
    await publishCase(e);
    expect(await waitForItem(e.payload.caseId)).toMatchObject({ queue: 'highways-north', priority: 3 });
    // Other tests' cases in this file miss targets too when the clock moves: the counters must go up
    // by exactly the warnings and breaches the timers sent, and this case's among them.
    const missedFacts = (type: string) =>
      facts.filter((m) => {
        const f = m.json<{ type: string; payload: { target: string } }>();
        return f.type === type && f.payload.target === 'first-response';
      }).length;
    const counted = (text: string, name: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`) && l.includes('target="first-response"'))
        .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const metricsBefore = await scrape();
    const factsBefore = { warnings: missedFacts('SlaWarning'), breaches: missedFacts('SlaBreached') };
    const timers = app.get(SlaTimers);
    // First response is due after 1 working day (8 h): the warning at 6 h, Monday 15:30 local.
    clock.t = new Date('2026-11-30T14:31:00Z');
    await timers.reconcile();
    const warning = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'SlaWarning',
    );
    expect(warning.json()).toMatchObject({
      payload: { target: 'first-response', dueAt: '2026-12-01T08:00:00.000Z', elapsedShare: 0.75 },
    });
    // Tuesday 09:01 local: the first response is breached.
    clock.t = new Date('2026-12-01T08:01:00Z');
    await timers.reconcile();
    const breach = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'SlaBreached',
    );
    expect(breach.json()).toMatchObject({
      payload: { target: 'first-response', escalatedTo: 'highways-supervisors' },
    });
    expect(await waitForItem(e.payload.caseId)).toMatchObject({
      queue: 'highways-supervisors',
      priority: 2,
      escalated: true,
      state: 'queued',
    });
    await facts.waitFor(
      (m) =>
        m.key === e.payload.caseId &&
        m.json<{ type: string; payload: { rule: string } }>().type === 'CaseRouted' &&
        m.json<{ payload: { rule: string } }>().payload.rule === 'escalation:first-response',
    );
    // Looking again changes nothing: each fired once.
    await timers.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(factsOf(e.payload.caseId, 'SlaWarning')).toHaveLength(1);
    expect(factsOf(e.payload.caseId, 'SlaBreached')).toHaveLength(1);
    // What Prometheus scrapes: one warning and one breach more for the queue whose target was missed,
    // and the timers' queue, the outbox and the consumers' lag measured.
    let metricsAfter = await scrape();
    const added = (name: string) => counted(metricsAfter, name) - counted(metricsBefore, name);
    const sent = () => ({
      warnings: missedFacts('SlaWarning') - factsBefore.warnings,
      breaches: missedFacts('SlaBreached') - factsBefore.breaches,
    });
    // The counters go up when the timers' transactions commit; the facts reach the topic just after.
    for (let i = 0; i < 50; i++) {
      const s = sent();
      if (added('city_sla_warnings_total') === s.warnings && added('city_sla_breaches_total') === s.breaches)
        break;
      await new Promise((r) => setTimeout(r, 100));
      metricsAfter = await scrape();
    }
    expect({
      warnings: added('city_sla_warnings_total'),
      breaches: added('city_sla_breaches_total'),
    }).toEqual(sent());
    expect(
      sampleOf(metricsAfter, 'city_sla_warnings_total', {
        queue: 'highways-north',
        target: 'first-response',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleOf(metricsAfter, 'city_sla_breaches_total', {
        queue: 'highways-north',
        target: 'first-response',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleOf(metricsAfter, 'city_bullmq_jobs', { queue: 'sla-timers', state: 'delayed' }),
    ).toBeGreaterThan(0);
    expect(
      sampleOf(metricsAfter, 'city_outbox_backlog', { service: 'workflow-service' }),
    ).toBeGreaterThanOrEqual(0);
    expect(
      sampleOf(metricsAfter, 'city_kafka_consumer_lag', { topic: 'case.events.v1', partition: '0' }),
    ).toBeGreaterThanOrEqual(0);
  });

  it('the clock stands still while the case waits for the citizen, and runs on with due times pushed on by the pause', async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const e = opened({ language: 'en' });
    await publishCase(e);
    await waitForItem(e.payload.caseId);
    const change = (from: string, to: string, at: string) => statusChanged(e, from, to, at);
    // Waiting for the citizen from Monday 10:00 to Tuesday 10:00 local: 8 working hours stood still.
    await publishCase(change('received', 'waiting-for-citizen', '2026-11-30T09:00:00.000Z'));
    await publishCase(change('waiting-for-citizen', 'in-progress', '2026-12-01T09:00:00.000Z'));
    const moved = await facts.waitFor(
      (m) =>
        m.key === e.payload.caseId &&
        m.json<{ type: string; causationId: string }>().type === 'DueTimesSet' &&
        m.json<{ payload: { resolutionDueAt: string } }>().payload.resolutionDueAt !==
          '2026-12-07T08:00:00.000Z',
    );
    expect(moved.json()).toMatchObject({
      payload: {
        firstResponseDueAt: '2026-12-02T08:00:00.000Z',
        resolutionDueAt: '2026-12-08T08:00:00.000Z',
      },
    });
    expect(await waitForItem(e.payload.caseId)).toMatchObject({
      dueAt: { firstResponse: '2026-12-02T08:00:00.000Z', resolution: '2026-12-08T08:00:00.000Z' },
    });
    // Resolved: the clocks stop and the work is done; no timer fires afterwards.
    await publishCase(change('in-progress', 'resolved', '2026-12-01T10:00:00.000Z'));
    for (let i = 0; i < 100 && (await waitForItem(e.payload.caseId)).state !== 'done'; i++)
      await new Promise((r) => setTimeout(r, 50));
    // The case record hears when it closes: a pothole has no period of its own, so the city's five
    // working days (Tuesday 11:00 local to Tuesday).
    const scheduled = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'CaseCloseScheduled',
    );
    expect(scheduled.json()).toMatchObject({
      payload: {
        resolvedAt: '2026-12-01T10:00:00.000Z',
        closesAt: '2026-12-08T10:00:00.000Z',
        period: '5 working-days',
      },
    });
    clock.t = new Date('2026-12-31T08:00:00Z');
    await app.get(SlaTimers).reconcile();
    // Five working days after resolution without a reopening, the case is due to close, once.
    const closing = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'CaseCloseDue',
    );
    expect(closing.json()).toMatchObject({
      payload: { resolvedAt: '2026-12-01T10:00:00.000Z', period: '5 working-days' },
    });
    await app.get(SlaTimers).reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(factsOf(e.payload.caseId, 'SlaBreached')).toHaveLength(0);
    expect(factsOf(e.payload.caseId, 'CaseCloseDue')).toHaveLength(1);

    // Another case, reopened by its citizen two days after resolution: it does not close, and its work is queued again.
    clock.t = new Date('2026-11-30T08:00:00Z');
    const r = opened({ language: 'en' });
    await publishCase(r);
    await waitForItem(r.payload.caseId);
    const changeOf = (from: string, to: string, at: string) =>
      statusChanged(r, from, to, at, 'citizen', 'web');
    await publishCase(changeOf('in-progress', 'resolved', '2026-11-30T10:00:00.000Z'));
    await publishCase(changeOf('resolved', 'open', '2026-12-02T10:00:00.000Z'));
    // Both changes handled: the closing clock was started at resolution and stopped at the reopening.
    const ds = app.get(DataSource);
    const closingState = async () =>
      (
        (await ds.query(
          `SELECT state FROM "${schema}".sla_clocks WHERE case_id = $1 AND target = 'auto-close'`,
          [r.payload.caseId],
        )) as Array<{ state: string }>
      )[0]?.state;
    for (let i = 0; i < 200 && (await closingState()) !== 'stopped'; i++)
      await new Promise((res) => setTimeout(res, 50));
    expect(await closingState()).toBe('stopped');
    expect(await waitForItem(r.payload.caseId)).toMatchObject({ state: 'queued', assignee: null });
    // Its clocks stood still while it was resolved (two working days) and run on from there.
    const resumed = await facts.waitFor(
      (m) =>
        m.key === r.payload.caseId &&
        m.json<{ type: string; payload: { resolutionDueAt: string } }>().type === 'DueTimesSet' &&
        m.json<{ payload: { resolutionDueAt: string } }>().payload.resolutionDueAt !==
          '2026-12-07T08:00:00.000Z',
    );
    expect(resumed.json()).toMatchObject({
      payload: {
        firstResponseDueAt: '2026-12-03T08:00:00.000Z',
        resolutionDueAt: '2026-12-09T08:00:00.000Z',
      },
    });
    // The case record hears that the close is called off.
    expect(
      factsOf(r.payload.caseId, 'CaseCloseScheduled').map(
        (m) => m.json<{ payload: { closesAt: string | null } }>().payload.closesAt,
      ),
    ).toEqual(['2026-12-07T10:00:00.000Z', null]);
    clock.t = new Date('2026-12-31T08:00:00Z');
    await app.get(SlaTimers).reconcile();
    await new Promise((res) => setTimeout(res, 700));
    expect(factsOf(r.payload.caseId, 'CaseCloseDue')).toHaveLength(0);
  });

  it("a service with its own period to reopen (a permit: six weeks to object) closes after that, not the city's", async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const kerb = repositoryCatalogue().find((s) => s.code === 'dropped-kerb')!;
    // The catalogue's file says so (catalogue/services/dropped-kerb.yaml).
    expect(kerb.reopenWithin).toEqual({ value: 42, unit: 'calendar-days' });
    const { code, version, lgslId, interaction, defaultQueue } = kerb;
    const e = opened({
      service: { code, version, lgslId, interaction, defaultQueue },
      attributes: {},
      language: 'en',
    });
    await publishCase(e);
    await waitForItem(e.payload.caseId);
    await publishCase(statusChanged(e, 'open', 'resolved', '2026-12-01T10:00:00.000Z'));
    const scheduled = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'CaseCloseScheduled',
    );
    expect(scheduled.json()).toMatchObject({
      causationId: expect.any(String),
      payload: {
        resolvedAt: '2026-12-01T10:00:00.000Z',
        closesAt: '2027-01-12T10:00:00.000Z',
        period: '42 calendar-days',
      },
    });
    // A week on, when a pothole resolved then would have closed, it does not.
    clock.t = new Date('2026-12-09T08:00:00Z');
    await app.get(SlaTimers).reconcile();
    await new Promise((res) => setTimeout(res, 700));
    expect(factsOf(e.payload.caseId, 'CaseCloseDue')).toHaveLength(0);
    // Six weeks on, it does, once.
    clock.t = new Date('2027-01-12T10:01:00Z');
    await app.get(SlaTimers).reconcile();
    const closing = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'CaseCloseDue',
    );
    expect(closing.json()).toMatchObject({
      payload: { resolvedAt: '2026-12-01T10:00:00.000Z', period: '42 calendar-days' },
    });
    await app.get(SlaTimers).reconcile();
    await new Promise((res) => setTimeout(res, 500));
    expect(factsOf(e.payload.caseId, 'CaseCloseDue')).toHaveLength(1);
    clock.t = new Date('2026-11-30T08:00:00Z');
  });

  it('each service runs its workflow: an application asks for a document, waits (clock paused), reminds, and is worked once it arrives', async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const permit = {
      code: 'parking-permit',
      version: 2,
      lgslId: 474,
      interaction: 'providing-information' as const,
      defaultQueue: 'parking-permits',
    };
    const e = opened({ service: permit, attributes: {}, language: 'en' });
    await publishCase(e);
    const requested = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'InformationRequested',
    );
    expect(requested.json()).toMatchObject({
      payload: { template: 'send-proof-of-address', workflow: 'application-with-documents', step: 'ask' },
    });
    expect(
      factsOf(e.payload.caseId, 'CitizenNotificationRequested').map(
        (m) => m.json<{ payload: { template: string } }>().payload.template,
      ),
    ).toEqual(['application-received']);
    // Not in a queue yet: there is nothing to work until the document comes.
    expect((await http('GET', `/api/v1/work-items/${e.payload.caseId}`)).status).toBe(404);
    const change = (from: string, to: string, at: string) =>
      statusChanged(e, from, to, at, 'workflow-service', null);
    // The case record puts the case to waiting-for-citizen (its answer to InformationRequested).
    await publishCase(change('received', 'waiting-for-citizen', '2026-11-30T08:00:05.000Z'));
    // Ten working days later, no document: one reminder.
    clock.t = new Date('2026-12-14T08:30:00Z');
    await app.get(SlaTimers).reconcile();
    const reminder = await facts.waitFor(
      (m) =>
        m.key === e.payload.caseId &&
        m.json<{ type: string; payload: { template?: string } }>().payload.template === 'document-reminder',
    );
    expect(reminder.json()).toMatchObject({ payload: { step: 'remind' } });
    // The document arrives: the case moves on, and the work is queued for the parking team.
    await publishCase(change('waiting-for-citizen', 'open', '2026-12-15T09:00:00.000Z'));
    const item = await waitForItem(e.payload.caseId);
    expect(item).toMatchObject({ queue: 'parking-permits', state: 'queued' });
    const run = (
      await app
        .get(DataSource)
        .query(
          `SELECT workflow_id, workflow_version, step, status, trail FROM "${schema}".workflow_runs WHERE case_id = $1`,
          [e.payload.caseId],
        )
    )[0];
    expect(run).toMatchObject({
      workflow_id: 'application-with-documents',
      workflow_version: 1,
      step: 'wait-decision',
      status: 'waiting',
      trail: [
        'clocks',
        'tell-received',
        'ask',
        'wait-document',
        'remind',
        'wait-again',
        'route',
        'wait-decision',
      ],
    });
    // The reminder's own wake-up, when it comes, finds nothing to do: the run has moved on.
    clock.t = new Date('2026-12-31T08:30:00Z');
    await app.get(SlaTimers).reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(factsOf(e.payload.caseId, 'CaseResolvedByWorkflow')).toHaveLength(0);
  });

  it('an information request is answered at first contact: a message and resolved, no queue', async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const binDay = {
      code: 'bin-collection-day',
      version: 2,
      lgslId: 524,
      interaction: 'providing-information' as const,
      defaultQueue: 'contact-centre',
    };
    const e = opened({ service: binDay, attributes: {}, location: null, language: 'sv' });
    await publishCase(e);
    const resolved = await facts.waitFor(
      (m) => m.key === e.payload.caseId && m.json<{ type: string }>().type === 'CaseResolvedByWorkflow',
    );
    expect(resolved.json()).toMatchObject({
      payload: { reason: 'Answered at first contact', workflow: 'first-contact-answer' },
    });
    expect(
      factsOf(e.payload.caseId, 'CitizenNotificationRequested').map(
        (m) => m.json<{ payload: { template: string } }>().payload.template,
      ),
    ).toEqual(['answer-given']);
    expect((await http('GET', `/api/v1/work-items/${e.payload.caseId}`)).status).toBe(404);
  });

  it('counters: numbered tickets with an estimated wait, called by the next free clerk of the queue, transferred, served or no-show', async () => {
    clock.t = new Date('2026-11-30T09:00:00Z');
    const office = 'town-hall';
    // A citizen a minute: the clock the test moves.
    const take = async (body: Record<string, unknown>) => {
      clock.t = new Date(clock.t.getTime() + 60_000);
      return (await http('POST', `/api/v1/counters/${office}/tickets`, body)).json();
    };
    const p1 = await take({ serviceCode: 'parking-permit', email: 'Ingrid@Example.org' });
    const p2 = await take({ serviceCode: 'blue-badge', phone: '06 12345678' });
    const a1 = await take({ serviceCode: 'bin-collection-day' });
    expect([p1.ticket, p2.ticket, a1.ticket]).toEqual(['P001', 'P002', 'A001']);
    expect(p1).toMatchObject({ queue: 'counter-parking', state: 'waiting', estimatedWaitMinutes: 8 });
    expect(p2.estimatedWaitMinutes).toBe(16); // one ahead, 8 minutes a visit, one clerk
    // Bad input changes nothing.
    expect((await http('POST', '/api/v1/counters/atlantis/tickets', {})).status).toBe(404);
    const badPhone = await http('POST', `/api/v1/counters/${office}/tickets`, { phone: 'call me' });
    expect(badPhone.status).toBe(400);
    expect((await badPhone.json()).errors).toEqual([expect.objectContaining({ field: 'phone' })]);

    // Two clerks of the town hall, signed in: clerk-9 at the parking desk, clerk-2 at the general one.
    expect(
      (await httpAs('clerk-9', 'PUT', '/api/v1/agents/me', { queues: ['counter-parking'], skills: [] }))
        .status,
    ).toBe(200);
    expect(
      (await httpAs('clerk-2', 'PUT', '/api/v1/agents/me', { queues: ['counter-general'], skills: [] }))
        .status,
    ).toBe(200);
    const call = (clerk: DemoUser, counter: string) =>
      httpAs(clerk, 'POST', `/api/v1/counters/${office}/call-next`, { counter });
    // A clerk runs their own office's counters only, and names no one but themselves.
    expect(
      (await httpAs('clerk-9', 'POST', '/api/v1/counters/zuid/call-next', { counter: '3' })).status,
    ).toBe(403);
    expect(
      (
        await httpAs('clerk-9', 'POST', `/api/v1/counters/${office}/call-next`, {
          counter: '3',
          clerkId: 'clerk-2',
        })
      ).status,
    ).toBe(400);
    expect(
      (await httpAs(null, 'POST', `/api/v1/counters/${office}/call-next`, { counter: '3' })).status,
    ).toBe(401);
    clock.t = new Date('2026-11-30T09:10:00Z');
    const called = await (await call('clerk-9', '3')).json();
    expect(called).toMatchObject({ ticket: 'P001', state: 'called', counter: '3', clerkId: 'clerk-9' });
    expect(await (await http('GET', `/api/v1/counters/${office}/board`)).json()).toMatchObject({
      called: [{ ticket: 'P001', counter: '3' }],
      queues: expect.arrayContaining([{ queue: 'counter-parking', letter: 'P', waiting: 1 }]),
    });

    // P001 needs the general desk first: transferred, it keeps its place before A001's later arrivals.
    const a2 = await take({});
    clock.t = new Date('2026-11-30T09:12:00Z');
    expect(
      (
        await httpAs('clerk-9', 'POST', `/api/v1/counters/${office}/tickets/${called.id}/transfer`, {
          queue: 'counter-general',
        })
      ).status,
    ).toBe(200);
    const general1 = await (await call('clerk-2', '1')).json();
    expect(general1.ticket).toBe('P001');
    clock.t = new Date('2026-11-30T09:20:00Z');
    expect(
      (await httpAs('clerk-9', 'POST', `/api/v1/counters/${office}/tickets/${called.id}/done`, {})).status,
    ).toBe(409); // not theirs any more
    const served = await httpAs('clerk-2', 'POST', `/api/v1/counters/${office}/tickets/${called.id}/done`, {
      caseReference: 'EA49-HVS1-TVR',
    });
    expect(await served.json()).toMatchObject({ state: 'done', caseReference: 'EA49-HVS1-TVR' });
    const ended = await facts.waitFor(
      (m) => m.key === called.id && m.json<{ type: string }>().type === 'CounterVisitEnded',
    );
    expect(ended.json()).toMatchObject({
      payload: {
        ticket: 'P001',
        office,
        counter: '1',
        clerkId: 'clerk-2',
        outcome: 'served',
        caseReference: 'EA49-HVS1-TVR',
        contact: { email: 'ingrid@example.org', phone: null },
        waitedMinutes: 11,
      },
    });

    // The next general ticket is A001 (it came before A002); A002 does not come: a no-show.
    expect((await (await call('clerk-2', '1')).json()).ticket).toBe('A001');
    expect((await (await call('clerk-2', '1')).json()).ticket).toBe(a2.ticket);
    const gone = await httpAs('clerk-2', 'POST', `/api/v1/counters/${office}/tickets/${a2.id}/no-show`, {});
    expect(await gone.json()).toMatchObject({ state: 'no-show' });
    await facts.waitFor(
      (m) => m.key === a2.id && m.json<{ payload: { outcome: string } }>().payload.outcome === 'no-show',
    );
    expect((await call('clerk-2', '1')).status).toBe(204);
  });

  it('counters: a busy day goes past 999 tickets in a queue: P1000 and on, called in the order the citizens came, never P001 again', async () => {
    // 16:00 at the Zuidplein office: P001 to P998 were served today, P999 still waits.
    clock.t = new Date('2026-12-01T15:00:00Z');
    const office = 'zuid';
    const ds = app.get(DataSource);
    const ticket = (n: number, state: 'done' | 'waiting', issuedAt: Date) => ({
      tenantId: 'default',
      office,
      queue: 'counter-parking',
      day: '2026-12-01',
      display: `P${String(n).padStart(3, '0')}`,
      serviceCode: 'parking-permit',
      state,
      contact: null,
      issuedAt,
      calledAt: null,
      clerkId: null,
      counter: null,
      endedAt: null,
      caseReference: null,
    });
    const served = Array.from({ length: 998 }, (_, i) =>
      ticket(i + 1, 'done', new Date(Date.UTC(2026, 11, 1, 7) + i * 20_000)),
    );
    // P999 came the same instant as the next citizens (the test's clock stands still): the number says who was first.
    await ds.getRepository(CounterTicket).insert([...served, ticket(999, 'waiting', clock.t)]);

    const take = () => http('POST', `/api/v1/counters/${office}/tickets`, { serviceCode: 'parking-permit' });
    const first = await take();
    expect(first.status).toBe(201);
    const p1000 = await first.json();
    expect(p1000).toMatchObject({
      ticket: 'P1000',
      queue: 'counter-parking',
      state: 'waiting',
      estimatedWaitMinutes: 16,
    }); // P999 ahead, 8 minutes a visit
    const p1001 = await (await take()).json();
    expect(p1001).toMatchObject({ ticket: 'P1001', estimatedWaitMinutes: 24 });
    expect(await (await http('GET', `/api/v1/counters/${office}/board`)).json()).toMatchObject({
      queues: expect.arrayContaining([{ queue: 'counter-parking', letter: 'P', waiting: 3 }]),
    });

    // A supervisor (no office of their own) lends a hand at counter 2.
    const asSupervisor = async (method: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(await asUser('supervisor-1')) },
        body: JSON.stringify(body),
      });
    expect(
      (await asSupervisor('PUT', '/api/v1/agents/supervisor-1', { queues: ['counter-parking'], skills: [] }))
        .status,
    ).toBe(200);
    const called: string[] = [];
    for (let i = 0; i < 3; i++)
      called.push(
        (await (await asSupervisor('POST', `/api/v1/counters/${office}/call-next`, { counter: '2' })).json())
          .ticket,
      );
    expect(called).toEqual(['P999', 'P1000', 'P1001']);
  });

  it('owns the catalogue: files imported into Postgres by version and published; administrators change a service through the API', async () => {
    const catalogue = await new TopicProbe(kafka, prefix + TOPICS.catalogueServices).start();
    try {
      // At start, every service of the files was stored and published by this service, whole (Open311 visibility too).
      const fileVersion = repositoryCatalogue().find((s) => s.code === 'pothole')!.version;
      const ours = await catalogue.waitFor(
        (m) => m.json<{ correlationId: string }>().correlationId === `catalogue:pothole:${fileVersion}`,
      );
      expect(ours.key).toBe('default/pothole');
      expect(ours.json()).toMatchObject({ payload: { open311: { public: true, location: 'exact' } } });
      const list = await (await http('GET', '/api/v1/catalogue/services')).json();
      expect(list.services).toHaveLength(repositoryCatalogue().length);
      expect(list.services.find((x: { code: string }) => x.code === 'parking-permit')).toMatchObject({
        // The version its file says (catalogue/services/parking-permit.yaml).
        version: repositoryCatalogue().find((x) => x.code === 'parking-permit')?.version,
        workflow: 'application-with-documents',
      });

      const current = (await (await http('GET', '/api/v1/catalogue/services/pothole')).json()).service;
      expect(current.open311).toEqual({ public: true, location: 'exact' });
      const put = (body: unknown, user: DemoUser | null = 'admin-1') =>
        httpAs(user, 'PUT', '/api/v1/catalogue/services/pothole', body);
      const changed = { ...current, name: { ...current.name, en: 'Pothole or sunken road' } };
      expect((await put({ service: changed, reason: 'Clearer name' }, null)).status).toBe(401);
      expect((await put({ service: changed, reason: 'Clearer name' }, 'supervisor-1')).status).toBe(403);
      const badLgsl = await put({ service: { ...changed, lgslId: 999999 }, reason: 'typo' });
      expect(badLgsl.status).toBe(400);
      expect((await badLgsl.json()).errors).toEqual([expect.objectContaining({ field: 'service.lgslId' })]);
      const badWorkflow = await put({
        service: { ...changed, workflow: 'no-such-workflow' },
        reason: 'typo',
      });
      expect((await badWorkflow.json()).errors).toEqual([
        expect.objectContaining({ field: 'service.workflow' }),
      ]);
      const noName = await put({ service: { ...changed, name: undefined }, reason: 'oops' });
      expect((await noName.json()).errors.map((e: { field: string }) => e.field)).toContain('service.name');

      const ok = await put({ service: changed, reason: 'Clearer name' });
      expect(ok.status).toBe(200);
      expect((await ok.json()).service).toMatchObject({
        code: 'pothole',
        version: fileVersion + 1,
        name: { en: 'Pothole or sunken road' },
      });
      const published = await catalogue.waitFor(
        (m) =>
          m.key === 'default/pothole' &&
          m.json<{ payload: { version: number } }>().payload.version === fileVersion + 1,
      );
      expect(published.json()).toMatchObject({
        type: 'CatalogueServicePublished',
        payload: { name: { en: 'Pothole or sunken road' } },
      });
      const history = await (await http('GET', '/api/v1/catalogue/services/pothole')).json();
      expect(
        history.history.map((h: { version: number; changedBy: string }) => [h.version, h.changedBy]),
      ).toEqual([
        [fileVersion + 1, 'admin:admin-1'],
        [fileVersion, 'file:pothole.yaml'],
      ]);
      expect((await http('GET', '/api/v1/catalogue/services/no-such-service')).status).toBe(404);
    } finally {
      await catalogue.stop();
    }
  });

  it('while the service runs, a timer Redis lost is armed again by the minute round once it is near (15 minutes), and by the hourly round whatever its time', async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const e = opened({
      language: 'en',
      location: { lat: 51.95, long: 4.45, address: null, propertyId: null },
    });
    await publishCase(e);
    await waitForItem(e.payload.caseId);
    const redis = new IORedis(config.REDIS_URL);
    const job = (target: string, phase: string) =>
      redis.exists(`${queuePrefix}:sla-timers:${e.payload.caseId}.${target}.${phase}`);
    try {
      expect(await job('first-response', 'warn')).toBe(1);
      const keys = await redis.keys(`${queuePrefix}:*`);
      await redis.del(...keys);
      // Monday 15:20 local: the first-response warning (15:30 local, after the lunch hour) is 10 minutes away; the resolution's is days away.
      clock.t = new Date('2026-11-30T14:20:00Z');
      await app.get(SlaTimers).reconcile(15 * 60_000);
      expect([await job('first-response', 'warn'), await job('resolution', 'warn')]).toEqual([1, 0]);
      await app.get(SlaTimers).reconcile();
      expect([await job('first-response', 'warn'), await job('resolution', 'warn')]).toEqual([1, 1]);
    } finally {
      redis.disconnect();
    }
  });

  it('after Redis lost every timer and the service restarted, every due timer fires once', async () => {
    clock.t = new Date('2026-11-30T08:00:00Z');
    const e = opened({
      language: 'en',
      location: { lat: 51.95, long: 4.45, address: null, propertyId: null },
    });
    await publishCase(e);
    await waitForItem(e.payload.caseId);
    await app.close();
    const redis = new IORedis(config.REDIS_URL);
    const keys = await redis.keys(`${queuePrefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    // Down until after both targets were due.
    clock.t = new Date('2026-12-08T08:00:00Z');
    await start();
    for (const target of ['first-response', 'resolution']) {
      await facts.waitFor(
        (m) =>
          m.key === e.payload.caseId &&
          m.json<{ type: string; payload: { target: string } }>().type === 'SlaBreached' &&
          m.json<{ payload: { target: string } }>().payload.target === target,
        15_000,
      );
    }
    await app.get(SlaTimers).reconcile();
    await new Promise((r) => setTimeout(r, 1_000));
    const targets = (type: string) =>
      factsOf(e.payload.caseId, type)
        .map((m) => m.json<{ payload: { target: string } }>().payload.target)
        .sort();
    expect(targets('SlaWarning')).toEqual(['first-response', 'resolution']);
    expect(targets('SlaBreached')).toEqual(['first-response', 'resolution']);
  }, 60_000);

  it('"take next" gives each agent the most urgent item they can work, never one item to two agents, within capacity', async () => {
    const ds = app.get(DataSource);
    const queue = `bench-queue-${randomUUID().slice(0, 6)}`;
    const base = {
      tenantId: 'default',
      workedBy: 'default',
      serviceCode: 'pothole',
      channel: 'web',
      queue,
      state: 'queued' as const,
      assignee: null,
      escalated: false,
      routingRule: 'test',
      area: null,
      firstResponseDueAt: null,
      assignedAt: null,
    };
    const at = (h: number) => new Date(Date.UTC(2026, 10, 30, h));
    const items = Array.from({ length: 60 }, (_, i) => ({
      ...base,
      caseId: randomUUID(),
      reference: 'EA49-HVS1-TVR',
      priority: 3,
      skills: [] as string[],
      resolutionDueAt: at(10 + (i % 5)),
      receivedAt: at(1),
    }));
    const urgent = {
      ...base,
      caseId: randomUUID(),
      reference: 'EA49-HVS1-TVR',
      priority: 1,
      skills: [],
      resolutionDueAt: at(20),
      receivedAt: at(2),
    };
    const hazmat = {
      ...base,
      caseId: randomUUID(),
      reference: 'EA49-HVS1-TVR',
      priority: 1,
      skills: ['hazmat'],
      resolutionDueAt: at(5),
      receivedAt: at(1),
    };
    await ds.getRepository(WorkItem).insert([...items, urgent, hazmat]);

    // Bad input changes nothing; an agent without a work profile has nothing to take; nobody takes for someone else.
    expect((await httpAs('agent-17', 'POST', '/api/v1/agents/me/take-next')).status).toBe(404);
    expect((await httpAs('agent-17', 'POST', '/api/v1/agents/agent-18/take-next')).status).toBe(403);
    expect((await httpAs('agent-17', 'PUT', '/api/v1/agents/agent-18', { queues: [queue] })).status).toBe(
      403,
    );
    const bad = await http('PUT', '/api/v1/agents/a-0', { queues: [], capacity: 0 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((x: { field: string }) => x.field).sort()).toEqual([
      'capacity',
      'queues',
    ]);

    // Fifty agents at once (a supervisor set their profiles; each takes next for themselves, as the route does with their token).
    const work = app.get(TakeNextUseCase);
    const agents = Array.from({ length: 50 }, (_, i) => `agent-${queue}-${i}`);
    for (const a of agents)
      expect(
        (await http('PUT', `/api/v1/agents/${a}`, { queues: [queue], skills: ['nl'], capacity: 1 })).status,
      ).toBe(200);
    const taken = await Promise.all(agents.map((a) => work.execute('default', a)));
    const ids = taken.map((t) => t!.caseId);
    expect(new Set(ids).size).toBe(50);
    expect(ids).toContain(urgent.caseId); // the most urgent went first
    expect(ids).not.toContain(hazmat.caseId); // nobody here handles hazardous waste
    // Earlier due times before later ones: everything due at 10:00 and 11:00 (24 items) was taken.
    expect(items.filter((it) => it.resolutionDueAt <= at(11)).every((it) => ids.includes(it.caseId))).toBe(
      true,
    );
    await expect(work.execute('default', agents[0])).rejects.toMatchObject({
      kind: 'conflict',
      code: 'work-items.at-capacity',
    });
    // One agent pressing twice at once (a double click) still gets one item within capacity 1.
    expect(
      (await http('PUT', '/api/v1/agents/agent-18', { queues: [queue], skills: [], capacity: 1 })).status,
    ).toBe(200);
    const both = await Promise.all(
      [1, 2].map(() => httpAs('agent-18', 'POST', '/api/v1/agents/me/take-next')),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const clicked = (await both.find((r) => r.status === 200)!.json()) as {
      caseId: string;
      assignee: string;
    };
    expect(clicked.assignee).toBe('agent-18');
    await facts.waitFor((m) => m.key === urgent.caseId && m.json<{ type: string }>().type === 'CaseAssigned');

    // Given back, it is the next agent's; a supervisor can reassign.
    const mine = clicked;
    expect((await httpAs('agent-17', 'POST', `/api/v1/work-items/${mine.caseId}/return`)).status).toBe(409); // not theirs
    expect(
      await (await httpAs('agent-18', 'POST', `/api/v1/work-items/${mine.caseId}/return`)).json(),
    ).toMatchObject({ state: 'queued', assignee: null });
    await http('PUT', '/api/v1/agents/hazmat-1', { queues: [queue], skills: ['hazmat'], capacity: 3 });
    expect(await work.execute('default', 'hazmat-1')).toMatchObject({ caseId: hazmat.caseId });
    expect((await http('POST', `/api/v1/work-items/${mine.caseId}/reassign`, {})).status).toBe(400);
    expect(
      (
        await httpAs('agent-17', 'POST', `/api/v1/work-items/${mine.caseId}/reassign`, {
          agentId: 'agent-17',
        })
      ).status,
    ).toBe(403); // supervisors only
    expect(
      await (
        await http('POST', `/api/v1/work-items/${mine.caseId}/reassign`, { agentId: 'hazmat-1' })
      ).json(),
    ).toMatchObject({ state: 'assigned', assignee: 'hazmat-1' });
    // Not to someone already at capacity (agents[1] holds one item, capacity 1).
    const full2 = await http('POST', `/api/v1/work-items/${hazmat.caseId}/reassign`, { agentId: agents[1] });
    expect(full2.status).toBe(409);
    expect((await full2.json()).errors).toEqual([expect.objectContaining({ field: 'agentId' })]);
    // The supervisor sees each agent's load (operations too); an agent does not.
    const load = (await (await http('GET', '/api/v1/agents')).json()) as {
      agents: Array<{ id: string; capacity: number; holding: number; free: number }>;
    };
    expect(load.agents.find((a) => a.id === 'hazmat-1')).toMatchObject({ capacity: 3, holding: 2, free: 1 });
    expect(load.agents.find((a) => a.id === agents[1])).toMatchObject({ capacity: 1, holding: 1, free: 0 });
    expect((await httpAs('ops-1', 'GET', '/api/v1/agents')).status).toBe(200);
    expect((await httpAs('agent-17', 'GET', '/api/v1/agents')).status).toBe(403);
    // Presence: each reports their own (no profile, nothing to mark); the load says who is signed in, by the service's clock.
    expect((await httpAs('agent-17', 'POST', '/api/v1/agents/me/presence')).status).toBe(404);
    expect((await httpAs('agent-17', 'POST', '/api/v1/agents/agent-18/presence')).status).toBe(403);
    expect((await http('POST', '/api/v1/agents/agent-18/presence')).status).toBe(403); // a supervisor too
    expect((await httpAs('agent-18', 'POST', '/api/v1/agents/me/presence', { at: 'now' })).status).toBe(400);
    expect((await httpAs('agent-18', 'POST', '/api/v1/agents/me/presence')).status).toBe(204);
    const seen = (await (await http('GET', '/api/v1/agents')).json()) as {
      agents: Array<{ id: string; lastSeenAt: string | null; signedIn: boolean }>;
    };
    expect(seen.agents.find((a) => a.id === 'agent-18')).toMatchObject({
      lastSeenAt: clock.now().toISOString(),
      signedIn: true,
    });
    expect(seen.agents.find((a) => a.id === 'hazmat-1')).toMatchObject({ lastSeenAt: null, signedIn: false });
    const queueView = await (await http('GET', `/api/v1/queues/${queue}/items`)).json();
    expect(queueView.items.every((i: { state: string }) => i.state === 'queued')).toBe(true);
    // Not a queue's name (a NUL byte, as the fuzzer sent): 400 naming it, never the database's 500.
    const nul = await http('GET', '/api/v1/queues/%00/items');
    expect(nul.status).toBe(400);
    expect((await nul.json()).errors).toEqual([
      { field: 'queue', reason: 'letters, digits and . : @ - _ only' },
    ]);
  });
});
