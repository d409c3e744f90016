import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  allTopicSpecs,
  caseAssignedV1,
  caseChangedV1,
  caseOpenedV1,
  caseRoutedV1,
  agentPresenceReportedV1,
  counterTicketChangedV1,
  createEnvelope,
  dueTimesSetV1,
  satisfactionRecordedV1,
  slaBreachedV1,
  slaWarningV1,
  TOPICS,
  type CaseStatus,
  type Channel,
  type EventEnvelope,
} from '@city/contracts';
import { assertTestDatabase, dataSourceOptions } from '@city/platform-database';
import { createIdempotentProducer, createKafka, ensureTopics, EventPublisher } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  pendingSchemaChanges,
  publishServices,
  removeTestState,
  repositoryCatalogue,
  roomyRateLimits,
  uniquePrefix,
  until,
  type DemoUser,
} from '@city/platform-testing';
import { OPS_ENTITIES, OPS_MIGRATIONS } from '../src/app.module';
import { createOpsMonitor } from '../src/bootstrap';
import { loadOpsConfig } from '../src/config';
import type { LiveFigures, LiveGroup } from '@city/contracts';
import type { ChannelShiftReport } from '../src/reports/channel-shift/channel-shift';
import type { DemandInsight } from '../src/reports/demand/demand';
import type { ProcessReview } from '../src/reports/process-review/process-review';
import type { SelfAssessment } from '../src/reports/self-assessment/self-assessment';
import type { StandardOfServiceReport } from '../src/reports/standard-of-service/standard-of-service';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const HOUR = 3_600_000;

/**
 * The ops-monitor against the real Kafka and Postgres: a seeded history whose right answers are
 * known (the phone made worse on purpose for one service), folded from the streams into the live
 * board and the standard-of-service report, pushed live, and rebuilt from the streams after its
 * tables were wiped.
 */
describe('ops-monitor: live board and standard-of-service report (real Kafka, Postgres, Keycloak)', () => {
  assertTestDatabase(TEST_DB);
  const prefix = uniquePrefix('ops');
  const schema = `ops_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'ops-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  const config = loadOpsConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: TEST_DB,
    DB_SCHEMA: schema,
    PORT: '0',
    LIVE_PUSH_INTERVAL_MS: '200',
    ...roomyRateLimits(`${prefix}-rl`),
  });
  let app: NestFastifyApplication;
  let url: string;

  const start = async () => {
    app = await createOpsMonitor(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    for (let i = 0; i < 300 && (await fetch(`${url}/health/ready`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
  };
  const get = async (path: string, user: DemoUser | null = 'supervisor-1') =>
    fetch(`${url}${path}`, { headers: user ? await asUser(user) : {} });

  // ---- the seeded history ------------------------------------------------------------------
  const meta = { tenantId: 'default', correlationId: randomUUID(), causationId: null };
  const published: Array<[topic: string, key: string, e: EventEnvelope]> = [];
  const fact = (topic: string, key: string, e: EventEnvelope) => published.push([topic, key, e]);

  interface Seed {
    service: string;
    channel: Channel;
    receivedAt: Date;
    queue: string;
    location?: { lat: number; long: number };
    dueInHours?: number;
    /** Hours after receipt: in progress (the first response), resolved; reopened and resolved again. */
    progressAfter?: number;
    resolvedAfter?: number;
    reopenAt?: number;
    resolvedAgainAfter?: number;
    assignee?: string;
    warned?: boolean;
    breached?: boolean;
    satisfaction?: number;
  }
  function seed(s: Seed): string {
    const caseId = randomUUID();
    const reference = 'EA49-HVS1-TVR';
    const at = (h: number) => new Date(s.receivedAt.getTime() + h * HOUR).toISOString();
    fact(
      TOPICS.caseEvents,
      caseId,
      createEnvelope(caseOpenedV1, {
        ...meta,
        payload: {
          ...caseOpenedV1.example.payload,
          caseId,
          reference,
          service: {
            ...caseOpenedV1.example.payload.service,
            code: s.service,
            lgslId: 524,
            defaultQueue: s.queue,
          },
          status: 'received',
          channel: s.channel,
          location: s.location ? { ...s.location, address: null, propertyId: null } : null,
          duplicateOf: null,
          receivedAt: s.receivedAt.toISOString(),
          openedAt: at(0),
        },
      }),
    );
    const wf = (contract: Parameters<typeof createEnvelope>[0], payload: object) =>
      fact(
        TOPICS.workflowEvents,
        caseId,
        createEnvelope(contract, { ...meta, payload: { caseId, reference, ...payload } }),
      );
    wf(caseRoutedV1, { at: at(0), queue: s.queue, priority: 3, skills: [], rule: 'seed' });
    if (s.dueInHours !== undefined)
      wf(dueTimesSetV1, {
        at: at(0),
        firstResponseDueAt: null,
        resolutionDueAt: at(s.dueInHours),
        calendar: 'c',
      });
    if (s.assignee)
      wf(caseAssignedV1, { at: at(0.5), queue: s.queue, assignee: s.assignee, by: 'take-next' });
    if (s.warned) wf(slaWarningV1, { at: at(1), target: 'resolution', dueAt: at(2), elapsedShare: 0.75 });
    if (s.breached) wf(slaBreachedV1, { at: at(2), target: 'resolution', dueAt: at(2), escalatedTo: null });
    let status: CaseStatus = 'received';
    let version = 1;
    const move = (to: CaseStatus, h: number) => {
      fact(
        TOPICS.caseEvents,
        caseId,
        createEnvelope(caseChangedV1, {
          ...meta,
          payload: {
            change: 'status-changed',
            caseId,
            reference,
            version: ++version,
            actor: 'agent:agent-17',
            channel: null,
            at: at(h),
            from: status,
            to,
            reason: null,
          },
        }),
      );
      status = to;
    };
    if (s.progressAfter !== undefined) move('in-progress', s.progressAfter);
    if (s.resolvedAfter !== undefined) move('resolved', s.resolvedAfter);
    if (s.reopenAt !== undefined) move('open', s.reopenAt);
    if (s.resolvedAgainAfter !== undefined) move('resolved', s.resolvedAgainAfter);
    if (s.satisfaction !== undefined)
      fact(
        TOPICS.caseEvents,
        caseId,
        createEnvelope(satisfactionRecordedV1, {
          ...meta,
          payload: {
            caseId,
            reference,
            serviceCode: s.service,
            channelOfOrigin: s.channel,
            score: s.satisfaction,
            previousScore: null,
            via: 'email',
            resolvedAt: at(s.resolvedAfter ?? 0),
            at: at((s.resolvedAfter ?? 0) + 1),
          },
        }),
      );
    return caseId;
  }

  // ---- who is at work, and the counters' tickets (workforce.events.v1) ------------------------
  const MINUTE = 60_000;
  function presence(agentId: string, seenAgo: number, signedInFor: number): void {
    const seenAt = new Date(now - seenAgo * MINUTE);
    fact(
      TOPICS.workforceEvents,
      agentId,
      createEnvelope(agentPresenceReportedV1, {
        ...meta,
        occurredAt: seenAt,
        payload: {
          agentId,
          queues: ['bins-live', 'counter-parking'],
          capacity: 4,
          seenAt: seenAt.toISOString(),
          signedInUntil: new Date(seenAt.getTime() + signedInFor * MINUTE).toISOString(),
        },
      }),
    );
  }
  /** A ticket's life at the town hall, each step a fact; minutes are before now. */
  function ticket(
    display: string,
    queue: string,
    steps: {
      issued: number;
      called?: [minutesAgo: number, clerk: string];
      ended?: [number, 'done' | 'no-show'];
    },
  ): void {
    const ticketId = randomUUID();
    const at = (m: number) => new Date(now - m * MINUTE).toISOString();
    const base = {
      ticketId,
      ticket: display,
      office: 'town-hall',
      queue,
      day: today,
      serviceCode: null,
      issuedAt: at(steps.issued),
      calledAt: null as string | null,
      clerkId: null as string | null,
      counter: null as string | null,
      endedAt: null as string | null,
    };
    const changed = (p: typeof base & { state: 'waiting' | 'called' | 'done' | 'no-show' }, m: number) =>
      fact(
        TOPICS.workforceEvents,
        ticketId,
        createEnvelope(counterTicketChangedV1, {
          ...meta,
          payload: { ...p, changedAt: at(m), estimatedWaitMinutes: p.state === 'waiting' ? 8 : null },
        }),
      );
    changed({ ...base, state: 'waiting' }, steps.issued);
    if (!steps.called) return;
    const called = { ...base, calledAt: at(steps.called[0]), clerkId: steps.called[1], counter: '3' };
    changed({ ...called, state: 'called' }, steps.called[0]);
    if (steps.ended)
      changed({ ...called, state: steps.ended[1], endedAt: at(steps.ended[0]) }, steps.ended[0]);
  }

  const november = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour));
  const now = Date.now();
  /** The city's local date now: the day the counters' tickets below belong to. */
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
  const noord = { lat: 51.95, long: 4.45 };
  beforeAll(async () => {
    await ensureTopics(kafka, allTopicSpecs(prefix));
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    // missed-bin, November: 10 on the web all resolved in a day against a 48-hour target (one
    // reopened and resolved again in time), all 5 answers "very satisfied"; 10 by phone, 6 resolved
    // late (72 h), 5 answers "dissatisfied". The phone is worse on purpose.
    for (let i = 0; i < 10; i++)
      seed({
        service: 'missed-bin',
        channel: 'web',
        receivedAt: november(2 + i, 9),
        queue: 'waste',
        dueInHours: 48,
        progressAfter: 2,
        resolvedAfter: 24,
        ...(i === 0 ? { reopenAt: 26, resolvedAgainAfter: 30 } : {}),
        ...(i < 5 ? { satisfaction: 5 } : {}),
      });
    for (let i = 0; i < 10; i++)
      seed({
        service: 'missed-bin',
        channel: 'phone',
        receivedAt: november(2 + i, 10),
        queue: 'waste',
        dueInHours: 48,
        progressAfter: 2,
        resolvedAfter: i < 6 ? 72 : 24,
        ...(i < 5 ? { satisfaction: 2 } : {}),
      });
    // A pothole service the same on both channels.
    for (const channel of ['web', 'counter'] as const)
      for (let i = 0; i < 6; i++)
        seed({
          service: 'pothole',
          channel,
          receivedAt: november(3 + i, 8),
          queue: 'highways-north',
          dueInHours: 120,
          progressAfter: 4,
          resolvedAfter: 48,
        });
    // Open work today, in the north: two queued (one at risk, one breached), one held by agent-17,
    // and one resolved ten minutes ago.
    seed({
      service: 'missed-bin',
      channel: 'kiosk',
      receivedAt: new Date(now - 4 * HOUR),
      queue: 'bins-live',
      location: noord,
      dueInHours: 8,
      warned: true,
    });
    seed({
      service: 'missed-bin',
      channel: 'counter',
      receivedAt: new Date(now - 2 * HOUR),
      queue: 'bins-live',
      location: noord,
      dueInHours: 1,
      warned: true,
      breached: true,
    });
    seed({
      service: 'missed-bin',
      channel: 'phone',
      receivedAt: new Date(now - 1 * HOUR),
      queue: 'bins-live',
      location: noord,
      dueInHours: 8,
      assignee: 'agent-17',
      progressAfter: 0.6,
    });
    seed({
      service: 'missed-bin',
      channel: 'web',
      receivedAt: new Date(now - 3 * HOUR),
      queue: 'bins-live',
      location: noord,
      dueInHours: 8,
      progressAfter: 1,
      resolvedAfter: 3 - 1 / 6,
    });
    // agent-17 and agent-18 signed in; clerk-9's last report is ten minutes old, so they are not.
    presence('agent-17', 0, 30);
    presence('agent-18', 1, 30);
    presence('clerk-9', 10, 2);
    // The town hall today: two parking tickets waiting, two served (visits of 12 and 6 minutes, after
    // waits of 5 and 10), one general ticket at a counter now, one civil ticket not come when called.
    ticket('P001', 'counter-parking', { issued: 50, called: [45, 'clerk-2'], ended: [33, 'done'] });
    ticket('P002', 'counter-parking', { issued: 25, called: [15, 'clerk-9'], ended: [9, 'done'] });
    ticket('P003', 'counter-parking', { issued: 20 });
    ticket('P004', 'counter-parking', { issued: 5 });
    ticket('A001', 'counter-general', { issued: 13, called: [3, 'clerk-9'] });
    ticket('B001', 'counter-civil', { issued: 30, called: [20, 'clerk-2'], ended: [18, 'no-show'] });
    for (const [topic, key, e] of published) await publisher.publish(`${prefix}${topic}`, key, e);
    await start();
  });
  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
  });

  const liveWhen = async (ready: (f: LiveFigures) => boolean): Promise<LiveFigures> => {
    let last: LiveFigures | null = null;
    for (let i = 0; i < 200; i++) {
      const res = await get('/api/v1/live');
      expect(res.status).toBe(200);
      last = (await res.json()) as LiveFigures;
      if (ready(last)) return last;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`the live board never got there: ${JSON.stringify(last?.byQueue)}`);
  };
  const group = (groups: LiveGroup[], key: string) => groups.find((g) => g.key === key);
  // Every seeded fact folded, the service-level ones among them (they come on their own stream, and a
  // rebuild may fold them after the rest: CI once saw the board between the two).
  const allFolded = (f: LiveFigures) =>
    group(f.byQueue, 'bins-live')?.waiting === 2 &&
    group(f.byQueue, 'bins-live')?.resolvedLastHour === 1 &&
    group(f.byQueue, 'bins-live')?.atRisk === 1 &&
    group(f.byQueue, 'bins-live')?.breached === 1 &&
    f.signedIn === 2 &&
    f.agents.some((a) => a.held === 1) &&
    counter(f, 'town-hall', 'counter-parking')?.servedToday === 2 &&
    counter(f, 'town-hall', 'counter-civil')?.noShowsToday === 1 &&
    counter(f, 'town-hall', 'counter-general')?.serving === 1;
  const counter = (f: LiveFigures, office: string, queue: string) =>
    f.counters.find((c) => c.office === office && c.queue === queue);
  const novemberReport = '/api/v1/reports/standard-of-service?from=2026-11-01&to=2026-11-20';
  /**
   * The November history folded whole: today's board says nothing of it, and its 32 cases' facts are
   * folded partition by partition, as they come, so a report read too early shows a part of it.
   */
  const historyWhole = (r: StandardOfServiceReport) => {
    const bins = r.services.find((s) => s.serviceCode === 'missed-bin')?.all;
    const potholes = r.services.find((s) => s.serviceCode === 'pothole')?.channels ?? [];
    return (
      bins?.volume === 20 &&
      bins.withinSlaPercent === 70 &&
      bins.reopenPercent === 5 &&
      bins.satisfactionAnswers === 10 &&
      potholes.length === 2 &&
      potholes.every((c) => c.volume === 6 && c.withinSlaPercent === 100)
    );
  };
  /** Every seeded fact folded: today's board (and what else `also` waits for) and the November history. */
  const allFoldedWhen = async (also: (f: LiveFigures) => boolean = () => true) => {
    await until('the November history folded whole', () => report(novemberReport), historyWhole);
    // Its cases all resolved (one of them reopened and resolved again): none left open in `waste`.
    return liveWhen((f) => allFolded(f) && !group(f.byQueue, 'waste') && also(f));
  };
  const report = async (path: string) => (await (await get(path)).json()) as StandardOfServiceReport;

  it('the committed migrations build exactly the schema the entities describe', async () => {
    expect(
      await pendingSchemaChanges(
        dataSourceOptions({ url: TEST_DB, schema, entities: OPS_ENTITIES, migrations: OPS_MIGRATIONS }),
      ),
    ).toEqual([]);
  });

  it('the live board: open work per queue, channel and district, the agents’ load, as the streams say', async () => {
    const f = await allFoldedWhen();
    expect(group(f.byQueue, 'bins-live')).toMatchObject({
      waiting: 2,
      held: 1,
      waitingForCitizen: 0,
      oldestWaitingSince: new Date(now - 4 * HOUR).toISOString(),
      atRisk: 1,
      breached: 1,
      resolvedLastHour: 1,
    });
    // Waits since the citizen asked: 4 h and 2 h (p50 3 h, p90 3.8 h), give or take the seconds the test took.
    expect(group(f.byQueue, 'bins-live')!.waitP50Seconds! / 3600).toBeCloseTo(3, 1);
    expect(group(f.byQueue, 'bins-live')!.waitP90Seconds! / 3600).toBeCloseTo(3.8, 1);
    expect(group(f.byQueue, 'waste')).toBeUndefined(); // everything there is resolved, long ago
    expect(group(f.byChannel, 'kiosk')).toMatchObject({ waiting: 1, atRisk: 1 });
    expect(group(f.byChannel, 'counter')).toMatchObject({ waiting: 1, breached: 1 });
    expect(group(f.byDistrict, 'noord')).toMatchObject({ waiting: 2, held: 1 });
    expect(group(f.byService, 'missed-bin')).toMatchObject({ waiting: 2, held: 1 });
    expect(f.signedIn).toBe(2);
    expect(f.agents).toEqual([
      {
        agent: 'agent-17',
        signedIn: true,
        signedInUntil: new Date(now + 30 * MINUTE).toISOString(),
        queues: ['bins-live', 'counter-parking'],
        capacity: 4,
        held: 1,
        oldestHeldSince: new Date(now - 1 * HOUR).toISOString(),
        nextDueAt: new Date(now + 7 * HOUR).toISOString(),
      },
      // Signed in and holding nothing; clerk-9, signed out and holding nothing, is not on the board.
      expect.objectContaining({ agent: 'agent-18', signedIn: true, held: 0, oldestHeldSince: null }),
    ]);
    // Every office and queue of the routing file, the quiet ones at zero.
    expect(f.counters.map((c) => `${c.office}/${c.queue}`)).toEqual([
      'town-hall/counter-general',
      'town-hall/counter-parking',
      'town-hall/counter-civil',
      'zuid/counter-general',
      'zuid/counter-parking',
      'zuid/counter-civil',
    ]);
    expect(counter(f, 'town-hall', 'counter-parking')).toEqual({
      office: 'town-hall',
      officeName: 'Stadhuis Coolsingel',
      queue: 'counter-parking',
      waiting: 2,
      serving: 0,
      oldestWaitingSince: new Date(now - 20 * MINUTE).toISOString(),
      // clerk-9 called P002 a quarter of an hour ago; clerk-2's call was over half an hour ago.
      clerks: 1,
      minutesPerVisit: 9,
      // A ticket taken now: two ahead, 9 minutes a visit, one clerk: (2 + 1) × 9 / 1.
      estimatedWaitMinutes: 27,
      servedToday: 2,
      noShowsToday: 0,
      averageWaitTodayMinutes: 7.5,
    });
    expect(counter(f, 'town-hall', 'counter-general')).toMatchObject({
      waiting: 0,
      serving: 1,
      clerks: 1,
      minutesPerVisit: 8, // the city's default: nobody served there yet today
      estimatedWaitMinutes: 8,
      averageWaitTodayMinutes: 10,
    });
    expect(counter(f, 'town-hall', 'counter-civil')).toMatchObject({
      waiting: 0,
      noShowsToday: 1,
      clerks: 1,
    });
    expect(counter(f, 'zuid', 'counter-parking')).toMatchObject({ waiting: 0, estimatedWaitMinutes: 8 });
    expect(f.throughput).toHaveLength(24);
    expect(f.throughput.reduce((n, h) => n + h.resolved, 0)).toBe(1);
    expect(f.throughput.reduce((n, h) => n + h.opened, 0)).toBe(4);
  });

  it('the standard-of-service report: every figure as seeded, and the phone flagged for missed bins', async () => {
    await allFoldedWhen();
    const res = await get('/api/v1/reports/standard-of-service?from=2026-11-01&to=2026-11-20');
    expect(res.status).toBe(200);
    const r = (await res.json()) as StandardOfServiceReport;
    const bins = r.services.find((s) => s.serviceCode === 'missed-bin')!;
    expect(bins.lgslId).toBe(524);
    expect(
      bins.channels.map((c) => [
        c.channel,
        c.volume,
        c.withinSlaPercent,
        c.resolutionP50Hours,
        c.firstResponseP50Hours,
        c.reopenPercent,
        c.satisfactionMean,
      ]),
    ).toEqual([
      ['phone', 10, 40, 72, 2, 0, 2],
      ['web', 10, 100, 24, 2, 10, 5],
    ]);
    expect(bins.all).toMatchObject({
      volume: 20,
      withinSlaPercent: 70,
      resolutionP50Hours: 24,
      reopenPercent: 5,
      duplicatePercent: 0,
      satisfactionMean: 3.5,
      satisfactionAnswers: 10,
    });
    expect(bins.findings.map((f) => [f.channel, f.measure])).toEqual([
      ['phone', 'within-sla'],
      ['phone', 'satisfaction'],
      ['phone', 'resolution-time'],
    ]);
    expect(bins.findings[0].sentence).toBe(
      'missed-bin: requests made by phone were resolved within the service level 40 % of the time, against 100 % on the other channels.',
    );
    const potholes = r.services.find((s) => s.serviceCode === 'pothole')!;
    expect(potholes.findings).toEqual([]);
    expect(potholes.channels.map((c) => [c.channel, c.volume, c.withinSlaPercent])).toEqual([
      ['counter', 6, 100],
      ['web', 6, 100],
    ]);
    expect(r.summary).toContain('1 service and channel pairs do worse');

    // The same as CSV, for a spreadsheet.
    const csv = await get('/api/v1/reports/standard-of-service?from=2026-11-01&to=2026-11-20&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^service,lgsl_id,channel,volume,/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^missed-bin,524,phone,10,2,2,72,72,40,0,0,2,5,"?missed-bin: requests made by phone/,
      ),
    );
    expect(lines.filter((l) => l.startsWith('pothole,'))).toHaveLength(3);
  });

  it('channel shift, demand and process review from the same history, with the city’s contact costs', async () => {
    await allFoldedWhen();
    const period = 'from=2026-11-01&to=2026-11-20';
    const shift = (await (
      await get(`/api/v1/reports/channel-shift?${period}&shift=phone%3Eweb:50&service=missed-bin`)
    ).json()) as ChannelShiftReport;
    const bins = shift.services.find((s) => s.serviceCode === 'missed-bin')!;
    expect(bins.totals).toEqual({ web: 10, phone: 10 });
    expect(bins.sharePercent).toEqual({ web: 50, phone: 50 });
    // catalogue/operations/contact-costs.yaml: web 0.35, phone 5.80 per contact.
    expect(bins.cost).toBe(61.5);
    expect(shift.shift).toMatchObject({ moved: 5, saving: 27.25 });
    expect(shift.shift!.sentence).toMatch(
      /^Moving 50 % of missed-bin requests from phone to web \(5 in the period\) would have saved EUR 27\.25/,
    );
    expect((await get(`/api/v1/reports/channel-shift?${period}&shift=phone%3Ephone:10`)).status).toBe(400);

    const demand = (await (
      await get(`/api/v1/reports/demand?${period}&interval=week`)
    ).json()) as DemandInsight;
    expect(demand.services.map((s) => [s.serviceCode, s.requests])).toEqual([
      ['missed-bin', 20],
      ['pothole', 12],
    ]);
    expect(demand.services[1].byChannel).toEqual({ web: 6, counter: 6 });
    expect(demand.periods.reduce((n, p) => n + p.requests, 0)).toBe(32);

    // Missed bins: 2 h received, then worked on (22 h, or 70 h for the six late ones), one reopened for 4 h.
    const review = (await (await get(`/api/v1/reports/process-review?${period}`)).json()) as ProcessReview;
    const binSteps = review.services.find((s) => s.serviceCode === 'missed-bin')!;
    expect(binSteps.steps.find((x) => x.status === 'received')).toMatchObject({
      spans: 20,
      p50Hours: 2,
      totalHours: 40,
    });
    expect(binSteps.steps.find((x) => x.status === 'in-progress')).toMatchObject({
      spans: 20,
      p50Hours: 22,
      totalHours: 728,
    });
    expect(binSteps.steps.find((x) => x.status === 'open')).toMatchObject({ spans: 1, totalHours: 4 });
    expect(binSteps.sentence).toBe(
      'missed-bin: 94.3 % of the time its cases spend before they are resolved is being worked on (median 22 hours).',
    );
    const csv = await get(`/api/v1/reports/process-review?${period}&format=csv`);
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="process-review-2026-11-01.csv"',
    );
  });

  it('the self-assessment by LGSL id: the catalogue’s channels and the ambitions an admin records beside the results', async () => {
    await allFoldedWhen();
    const period = 'from=2026-11-01&to=2026-11-20';
    const assess = async () =>
      (await (await get(`/api/v1/reports/self-assessment?${period}`)).json()) as SelfAssessment;
    // Every seeded case is LGSL 524 here: 32 requests, 16 on the web, 26 of 32 resolved in time.
    // The seed file's ambitions: 524 aims at 75 % digital take-up, the city at 90 % within the service level.
    const before = (await assess()).rows.find((r) => r.lgslId === 524)!;
    expect(before).toMatchObject({
      lgslName: 'household-waste-collection',
      online: { ambition: true, offered: true, verdict: 'met' },
      digitalTakeUp: { ambitionPercent: 75, percent: 50, verdict: 'not-met' },
      withinSla: { ambitionPercent: 90, percent: 81.3, verdict: 'not-met' },
      requests: 32,
    });
    expect(before.services).toContain('missed-bin');
    expect(before.channels.web).toBe(true);

    const ambitions = {
      city: { offerOnline: true, withinSlaPercent: 80 },
      services: [{ lgslId: 524, digitalTakeUpPercent: 50 }],
      reason: 'the council’s plan for 2027',
    };
    const put = async (user: DemoUser, body: unknown) =>
      fetch(`${url}/api/v1/self-assessment/ambitions`, {
        method: 'PUT',
        headers: { ...(await asUser(user)), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put('ops-1', ambitions)).status).toBe(403);
    const bad = await put('admin-1', { services: [{ lgslId: 524, digitalTakeUpPercent: 150 }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'services[0].digitalTakeUpPercent' }] });
    expect((await put('admin-1', ambitions)).status).toBe(200);
    const after = (await assess()).rows.find((r) => r.lgslId === 524)!;
    expect(after.digitalTakeUp).toEqual({ ambitionPercent: 50, percent: 50, verdict: 'met' });
    expect(after.withinSla).toEqual({ ambitionPercent: 80, percent: 81.3, verdict: 'met' });
    const listed = await (await get('/api/v1/self-assessment/ambitions')).json();
    expect(listed.ambitions).toContainEqual({
      lgslId: 524,
      offerOnline: null,
      digitalTakeUpPercent: 50,
      withinSlaPercent: null,
    });
  });

  it('refuses what it must: no token 401, an agent 403, a bad period 400 with the field', async () => {
    expect((await get('/api/v1/live', null)).status).toBe(401);
    expect((await get('/api/v1/live', 'agent-17')).status).toBe(403);
    expect((await get('/api/v1/reports/standard-of-service', 'clerk-9')).status).toBe(403);
    const bad = await get('/api/v1/reports/standard-of-service?from=2026-11-20&to=2026-11-01');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'from' }] });
    const unknown = await get('/api/v1/reports/standard-of-service?channel=web');
    expect(unknown.status).toBe(400);
  });

  it('pushes the board to an open stream when new facts change it', async () => {
    await allFoldedWhen();
    const res = await fetch(`${url}/api/v1/live/stream`, { headers: await asUser('ops-1') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const events: LiveFigures[] = [];
    let buffer = '';
    const next = async (until: (f: LiveFigures) => boolean) => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += Buffer.from(value).toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: figures$/m.test(chunk)) continue;
          const f = JSON.parse(
            chunk
              .split('\n')
              .find((l) => l.startsWith('data: '))!
              .slice(6),
          ) as LiveFigures;
          events.push(f);
          if (until(f)) return f;
        }
      }
      throw new Error('no such figures pushed');
    };
    try {
      await next(() => true); // the board at once
      const newCase = seed({
        service: 'pothole',
        channel: 'phone',
        receivedAt: new Date(),
        queue: 'parks-live',
        dueInHours: 8,
      });
      for (const [topic, key, e] of published.filter(([, k]) => k === newCase))
        await publisher.publish(`${prefix}${topic}`, key, e);
      // The case's facts come on two topics, folded as they arrive (its routing may come before its
      // opening): the board is pushed at each, and one push shows the case whole.
      const phoneBefore = group(events[events.length - 1].byChannel, 'phone')?.waiting ?? 0;
      const pushed = await next(
        (f) =>
          group(f.byQueue, 'parks-live')?.waiting === 1 &&
          (group(f.byChannel, 'phone')?.waiting ?? 0) > phoneBefore,
      );
      expect(group(pushed.byQueue, 'parks-live')!.waiting).toBe(1);
      expect(group(pushed.byChannel, 'phone')!.waiting).toBeGreaterThan(phoneBefore);
    } finally {
      await reader.cancel();
    }
  });

  it('rebuilds itself from the streams after its tables were wiped, to the same figures', async () => {
    const before = await allFoldedWhen((f) => group(f.byQueue, 'parks-live')?.waiting === 1);
    const reportBefore = await report(novemberReport);
    await app.close();
    const { Client } = await import('pg');
    const db = new Client({ connectionString: TEST_DB });
    await db.connect();
    await db.query(
      `TRUNCATE ${schema}.ops_cases, ${schema}.ops_status_spans, ${schema}.ops_agents, ${schema}.ops_counter_tickets, ${schema}.ops_projection_state, ${schema}.inbox`,
    );
    await db.end();
    await start();
    const after = await allFoldedWhen((f) => group(f.byQueue, 'parks-live')?.waiting === 1);
    const strip = (f: LiveFigures) => ({
      ...f,
      at: null,
      delaySeconds: null,
      byQueue: f.byQueue.map((g) => ({ ...g, waitP50Seconds: null, waitP90Seconds: null })),
    });
    expect(strip(after).byQueue).toEqual(strip(before).byQueue);
    expect(after.agents).toEqual(before.agents);
    expect(after.counters).toEqual(before.counters);
    expect(after.signedIn).toBe(2);
    // Folded anew, partition by partition: awaited until it is the same, or shown as it differs.
    const reportAfter = await until(
      'the report rebuilt',
      () => report(novemberReport),
      (r) => isDeepStrictEqual(r, reportBefore),
    ).catch(() => report(novemberReport));
    expect(reportAfter).toEqual(reportBefore);
  });
});
