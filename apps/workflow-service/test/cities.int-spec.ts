import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import { parse, stringify } from 'yaml';
import { caseOpenedV1, createEnvelope, TOPICS, type CaseOpenedV1 } from '@city/contracts';
import { createIdempotentProducer, createKafka, EventPublisher, TopicProbe } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { asUser, startServiceUnderTest, type DemoUser } from '@city/platform-testing';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig, type WorkflowConfig } from '../src/config';
import { SlaTimers } from '../src/sla/sla-timers.processor';

/**
 * One workflow-service serving two cities (issue 15, docs/multi-tenancy.md): each city's cases are
 * routed by its own routing file (its rules, queues and calendar), and each city's agents see, take
 * and list only their own city's work. Over HTTP with real tokens, real Kafka, Postgres and Redis.
 */
describe('workflow-service: two cities on one service (real Kafka, Postgres, Redis, Keycloak)', () => {
  // The other city brings its own routing: another calendar, and potholes go to its roads queue.
  const citiesDir = mkdtempSync(join(tmpdir(), 'wf-cities-'));
  const routing = parse(readFileSync('catalogue/routing.yaml', 'utf8'));
  routing.calendar.id = 'goteborg-office-hours';
  routing.calendar.timeZone = 'Europe/Stockholm';
  routing.rules.unshift({ id: 'vagar', when: { services: ['pothole'] }, then: { queue: 'vagar' } });
  routing.escalation.byQueue.vagar = 'vagar-supervisors';
  mkdirSync(join(citiesDir, 'other-city'));
  writeFileSync(join(citiesDir, 'other-city', 'routing.yaml'), stringify(routing));

  let service: { url: string; config: WorkflowConfig; close: () => Promise<void> };
  let app: INestApplication;
  let publisher: EventPublisher;
  let facts: TopicProbe;

  const http = async (who: DemoUser, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        ...(await asUser(who)),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };
  /** A pothole reported in a city, as the case-service announces it. */
  const opened = (city: string): CaseOpenedV1 => {
    const base = caseOpenedV1.example.payload;
    return createEnvelope(caseOpenedV1, {
      tenantId: city,
      correlationId: randomUUID(),
      payload: {
        ...base,
        caseId: randomUUID(),
        service: { ...base.service, code: 'pothole' },
        receivedAt: new Date().toISOString(),
        openedAt: new Date().toISOString(),
      },
    });
  };
  const open = async (city: string) => {
    const e = opened(city);
    await publisher.publish(
      service.config.KAFKA_TOPIC_PREFIX + TOPICS.caseEvents,
      e.payload.caseId,
      e as never,
    );
    return e.payload.caseId;
  };
  const itemAs = async (who: DemoUser, caseId: string) => {
    for (let i = 0; i < 200; i++) {
      const r = await http(who, 'GET', `/api/v1/work-items/${caseId}`);
      if (r.status === 200) return r.body;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`${who} sees no work item for ${caseId}`);
  };

  beforeAll(async () => {
    service = await startServiceUnderTest({
      label: 'wf_cities',
      load: (env) => loadWorkflowConfig({ ...env, CITIES: 'default,other-city', CITIES_DIR: citiesDir }),
      create: async (c) => (app = await createWorkflowService(c)),
    });
    const kafka = createKafka(
      {
        clientId: 'wf-cities-test',
        brokers: service.config.KAFKA_BROKERS,
        topicPrefix: service.config.KAFKA_TOPIC_PREFIX,
      },
      createLogger('test', 'silent'),
    );
    publisher = new EventPublisher(createIdempotentProducer(kafka), { maxBatch: 50, ackTimeoutMs: 10_000 });
    facts = await new TopicProbe(kafka, service.config.KAFKA_TOPIC_PREFIX + TOPICS.workflowEvents).start();
    for (let i = 0; i < 300 && (await fetch(`${service.url}/health/ready`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
  }, 90_000);

  afterAll(async () => {
    await Promise.all([facts?.stop(), publisher?.close()]);
    await service?.close();
    rmSync(citiesDir, { recursive: true, force: true });
  });

  it("routes each city's case by its own routing, and only that city's agents see the work", async () => {
    const ours = await open('default');
    const theirs = await open('other-city');

    const their = await itemAs('agent-other', theirs);
    expect(their).toMatchObject({ queue: 'vagar', service: 'pothole' });
    const due = await facts.waitFor(
      (m) => m.key === theirs && m.json<{ type: string }>().type === 'DueTimesSet',
    );
    expect(due.json()).toMatchObject({
      tenantId: 'other-city',
      payload: { calendar: 'goteborg-office-hours' },
    });

    const our = await itemAs('agent-17', ours);
    expect(our.queue).not.toBe('vagar');
    const ourDue = await facts.waitFor(
      (m) => m.key === ours && m.json<{ type: string }>().type === 'DueTimesSet',
    );
    expect(ourDue.json()).toMatchObject({
      tenantId: 'default',
      payload: { calendar: 'rotterdam-office-hours' },
    });

    // Neither city's people reach the other's item, its queue, or its queues overview.
    expect((await http('agent-17', 'GET', `/api/v1/work-items/${theirs}`)).status).toBe(404);
    expect((await http('agent-other', 'GET', `/api/v1/work-items/${ours}`)).status).toBe(404);
    const vagar = await http('agent-other', 'GET', '/api/v1/queues/vagar/items');
    expect(vagar.body.items.map((i: { caseId: string }) => i.caseId)).toContain(theirs);
    expect((await http('agent-17', 'GET', '/api/v1/queues/vagar/items')).body.items).toEqual([]);
    const overview = await http('supervisor-1', 'GET', '/api/v1/queues');
    expect(overview.body.queues.map((q: { queue: string }) => q.queue)).not.toContain('vagar');
  });

  it('an agent takes next only from their own city, even from a queue of the same name', async () => {
    const theirs = await open('other-city');
    await itemAs('agent-other', theirs);
    // agent-17 works a queue named vagar too, with the Dutch the case asks for: nothing of the other city's reaches them.
    expect(
      (await http('agent-17', 'PUT', '/api/v1/agents/me', { queues: ['vagar'], skills: ['nl'] })).status,
    ).toBe(200);
    expect((await http('agent-17', 'POST', '/api/v1/agents/me/take-next')).status).toBe(204);

    expect(
      (await http('agent-other', 'PUT', '/api/v1/agents/me', { queues: ['vagar'], skills: ['nl'] })).status,
    ).toBe(200);
    const taken = await http('agent-other', 'POST', '/api/v1/agents/me/take-next');
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ state: 'assigned', assignee: 'agent-other', queue: 'vagar' });
    // Each city's supervisors see their own agents' load: ours does not list the other city's agent.
    const load = await http('supervisor-1', 'GET', '/api/v1/agents');
    const ids = load.body.agents.map((a: { id: string }) => a.id);
    expect(ids).toContain('agent-17');
    expect(ids).not.toContain('agent-other');
  });

  it("the job queues are the deployment's: its own city's administrator sees them, another city's is refused", async () => {
    const board = `${service.url}/admin/queues/api/queues`;
    expect((await fetch(board, { headers: await asUser('admin-1') })).status).toBe(200);
    const refused = await fetch(board, { headers: await asUser('admin-other') });
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toMatch(/deployment's/);
  });

  it('the reconciler arms the timers of the live clocks of every city served', async () => {
    const [ours, theirs] = [await open('default'), await open('other-city')];
    await itemAs('agent-17', ours);
    await itemAs('agent-other', theirs);
    const redis = new IORedis(service.config.REDIS_URL);
    try {
      const key = (caseId: string) => `${service.config.QUEUE_PREFIX}:sla-timers:${caseId}.resolution.breach`;
      const armed = async () => [await redis.exists(key(ours)), await redis.exists(key(theirs))];
      expect(await armed()).toEqual([1, 1]);
      // Redis loses the jobs (both cities'); the reconciler arms them again from Postgres.
      await redis.del(key(ours), key(theirs));
      expect(await armed()).toEqual([0, 0]);
      await app.get(SlaTimers).reconcile();
      expect(await armed()).toEqual([1, 1]);
    } finally {
      redis.disconnect();
    }
  });
});
