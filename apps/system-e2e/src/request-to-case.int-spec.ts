import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Client } from 'pg';
import type { AgentScreenPop } from '@city/contracts';
import {
  asUser,
  cleanupKafka,
  EventStream,
  MailSink,
  prepareKafka,
  SmsStandIn,
  telephonyCallStarted,
  testKafka,
  TopicProbe,
  uniquePrefix,
} from '@city/platform-testing';
import { postJson, startApp, uniqueSchema, waitForCase, type RunningApp } from './system';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * The running system, as its users see it: a request at each channel, through the real gateway and
 * Kafka, becomes a case an agent can open with the right timeline; and a case-service killed with
 * SIGKILL mid-stream loses nothing the gateway acknowledged.
 */
describe('from a request at any channel to the case an agent sees (gateway + case-service processes)', () => {
  const prefix = uniquePrefix('e2e');
  const schema = uniqueSchema('case_e2e');
  let gateway: RunningApp;
  let cases: RunningApp;
  let workflow: RunningApp;
  let notifications: RunningApp;
  let deadLetters: TopicProbe;
  const mail = new MailSink();
  const sms = new SmsStandIn();
  const notificationSchema = uniqueSchema('notification_e2e');
  const caseEnv = { KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: DB, DB_SCHEMA: schema };
  const workflowSchema = uniqueSchema('workflow_e2e');

  beforeAll(async () => {
    if (!/test/.test(new URL(DB).pathname)) throw new Error('the e2e database name must say test');
    await prepareKafka(prefix, BROKERS);
    cases = await startApp('case-service', 0, caseEnv);
    gateway = await startApp('intake-gateway', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      CASE_SERVICE_URL: cases.url,
    });
    // Nothing acknowledged may end up dead-lettered instead of a case: the fault tests look here.
    deadLetters = await new TopicProbe(
      testKafka(prefix, BROKERS, 'e2e-dlq'),
      `${prefix}intake.requests.v1.dlq`,
    ).start();
    workflow = await startApp('workflow-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: DB,
      DB_SCHEMA: workflowSchema,
      QUEUE_PREFIX: `e2e-${workflowSchema}`,
    });
    await Promise.all([mail.start(), sms.start()]);
    notifications = await startApp('notification-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: DB,
      DB_SCHEMA: notificationSchema,
      QUEUE_PREFIX: `e2e-${notificationSchema}`,
      CASE_SERVICE_URL: cases.url,
      SMTP_URL: mail.url,
      SMS_PROVIDER_URL: sms.url,
    });
  }, 150_000);

  afterAll(async () => {
    await Promise.all([
      gateway?.stop(),
      cases?.stop(),
      workflow?.stop(),
      notifications?.stop(),
      deadLetters?.stop(),
    ]);
    await Promise.all([mail.stop(), sms.stop()]);
    await cleanupKafka(prefix, BROKERS);
    const db = new Client({ connectionString: DB });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${workflowSchema}" CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${notificationSchema}" CASCADE`);
    await db.end();
  });

  const pothole = (email: string) => ({
    serviceCode: 'pothole',
    attributes: { depth: 'deep', 'road-type': 'junction', hazard: 'no' },
    // Each report somewhere of its own: reports of one place would rightly be linked as duplicates.
    location: { lat: 40 + Math.random() * 10, long: Math.random() * 10 },
    contact: { firstName: 'Sam', lastName: 'Okafor', email },
  });

  it('each channel: the case, its first timeline entry and the contact, all on one citizen record', async () => {
    const email = `${randomUUID()}@example.org`;
    const submissions: Array<{
      path: string;
      body: unknown;
      headers: Record<string, string>;
      channel: string;
      actor: string;
      kind: string;
    }> = [
      {
        path: '/api/v1/requests',
        body: pothole(email),
        headers: {},
        channel: 'web',
        actor: 'citizen',
        kind: 'web-submission',
      },
      {
        path: '/api/v1/kiosk/requests',
        body: {
          ...pothole(email),
          idempotencyKey: `k-${randomUUID()}`,
          capturedAt: new Date().toISOString(),
        },
        headers: { authorization: 'Bearer demo-kiosk-token-01' },
        channel: 'kiosk',
        actor: 'kiosk:kiosk-town-hall-01',
        kind: 'kiosk-session',
      },
      {
        path: '/api/v1/phone/requests',
        body: { ...pothole(email), callId: 'call-77' },
        headers: await asUser('agent-18'),
        channel: 'phone',
        actor: 'agent:agent-18',
        kind: 'phone-call',
      },
      {
        path: '/api/v1/counter/requests',
        body: { ...pothole(email), office: 'Town Hall', counter: '3' },
        headers: await asUser('clerk-2'),
        channel: 'counter',
        actor: 'clerk:clerk-2',
        kind: 'counter-visit',
      },
    ];
    const citizens = new Set<string>();
    for (const s of submissions) {
      const res = await postJson(`${gateway.url}${s.path}`, s.body, s.headers);
      expect(res.status).toBe(202);
      const { reference } = (await res.json()) as { reference: string };
      const view = await waitForCase(cases.url, reference);
      // Received, or already open if the workflow-service has routed it (outside Rotterdam's districts: the default queue).
      expect(view.case).toMatchObject({
        reference,
        status: expect.stringMatching(/^(received|open)$/),
        channelOfOrigin: s.channel,
        queue: 'highways',
      });
      expect(view.timeline[0]).toMatchObject({ kind: 'created', actor: s.actor, channel: s.channel });
      expect(view.interactions[0]).toMatchObject({ channel: s.channel, kind: s.kind });
      citizens.add(view.citizen!.id);
    }
    expect(citizens.size).toBe(1);
  });

  it('a hazard reported at a counter in Rotterdam Noord is routed, has due times, and an agent takes it next', async () => {
    const body = {
      ...pothole(`${randomUUID()}@example.org`),
      attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'yes' },
      location: { lat: 51.9225 + Math.random() / 100, long: 4.47917 },
      language: 'nl',
      office: 'Town Hall',
      counter: '3',
    };
    const res = await postJson(`${gateway.url}/api/v1/counter/requests`, body, await asUser('clerk-2'));
    expect(res.status).toBe(202);
    const { reference } = (await res.json()) as { reference: string };
    // The case record folds the workflow's facts: queue, priority, due times, and "routed" on the timeline.
    let view = await waitForCase(cases.url, reference);
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      !(
        view.case.queue === 'highways-north' &&
        ['routed', 'due-times-set'].every((k) => view.timeline.some((t) => t.kind === k))
      )
    ) {
      await new Promise((r) => setTimeout(r, 100));
      view = await waitForCase(cases.url, reference);
    }
    // Said together, so a failure shows where it stopped: the case record, its timeline, the workflow's work item.
    const item = await fetch(`${workflow.url}/api/v1/work-items/${view.case.id}`, {
      headers: await asUser('ops-1'),
    });
    expect({
      case: { queue: view.case.queue, priority: view.case.priority },
      timeline: view.timeline.map((t) => t.kind),
      workItem: item.status === 200 ? await item.json() : item.status,
    }).toMatchObject({
      case: { queue: 'highways-north', priority: 1 },
      workItem: { queue: 'highways-north', priority: 1 },
    });
    expect(view.case.dueAt.resolution).toMatch(/^\d{4}-/);
    expect(view.timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(['created', 'routed', 'due-times-set']),
    );
    // Signed in as agent-18: their work profile, then the next item, theirs (the assignee is the token's).
    const agent = 'agent-18';
    const signedIn = await asUser(agent);
    expect(
      (
        await fetch(`${workflow.url}/api/v1/agents/me`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...signedIn },
          body: JSON.stringify({ queues: ['highways-north'], skills: ['nl'] }),
        })
      ).status,
    ).toBe(200);
    const taken = await (
      await fetch(`${workflow.url}/api/v1/agents/me/take-next`, { method: 'POST', headers: signedIn })
    ).json();
    expect(taken).toMatchObject({
      reference,
      queue: 'highways-north',
      priority: 1,
      assignee: agent,
      channel: 'counter',
    });
    for (let i = 0; i < 200 && view.case.assignee !== agent; i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await waitForCase(cases.url, reference);
    }
    expect(view.case.assignee).toBe(agent);
  });

  it('the citizen hears on the channel they chose, in their language: received by email, the fix by text message, both on the case timeline', async () => {
    const email = `${randomUUID()}@example.org`;
    // Somewhere of its own (pothole() places it at random): next to another report it would rightly be linked as a duplicate.
    const body = {
      ...pothole(email),
      language: 'sv',
      contact: { firstName: 'Karin', lastName: 'Ek', email },
      callId: `call-${randomUUID().slice(0, 6)}`,
    };
    const res = await postJson(`${gateway.url}/api/v1/phone/requests`, body, await asUser('agent-17'));
    expect(res.status).toBe(202);
    const { reference } = (await res.json()) as { reference: string };
    // The field-report workflow tells the citizen it was received: an email, in Swedish, with the reference.
    const received = await mail.waitFor((m) => m.to.includes(email), 30_000);
    expect(received.subject).toBe(`Vi har tagit emot din anmälan ${reference}: Potthål`);
    expect(received.text).toMatch(/^Hej Karin,/);
    let view = await waitForCase(cases.url, reference);
    for (let i = 0; i < 200 && !view.timeline.some((t) => t.kind === 'message-sent'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await waitForCase(cases.url, reference);
    }
    expect(view.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'message-sent',
        channel: 'email',
        summary: `Email sent to ${email}: ${received.subject}`,
      }),
    );

    // At the counter, the citizen asks for texts from now on; then the crew fixes it and the agent resolves the case.
    const phone = `+467${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const counter = await postJson(
      `${gateway.url}/api/v1/counter/requests`,
      {
        serviceCode: 'bin-collection-day',
        attributes: {},
        location: { lat: 40 + Math.random() * 10, long: Math.random() * 10 },
        contact: { email, phone },
        preferredChannel: 'sms',
        language: 'sv',
        office: 'Town Hall',
        counter: '3',
      },
      await asUser('clerk-2'),
    );
    expect(counter.status).toBe(202);
    const question = await waitForCase(
      cases.url,
      ((await counter.json()) as { reference: string }).reference,
    );
    expect(question.citizen!.id).toBe(view.citizen!.id);
    expect(question.citizen!.contactPoints).toContainEqual({ kind: 'phone', value: phone });
    const prefs = await fetch(`${cases.url}/api/v1/citizens/${view.citizen!.id}/preferences`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await asUser('clerk-2')) },
      body: JSON.stringify({ preferredChannel: 'sms', channel: 'counter', reason: 'Asked at the counter' }),
    });
    expect(await prefs.json()).toMatchObject({ preferredChannel: 'sms', changed: true });
    view = await waitForCase(cases.url, reference);
    const resolve = await postJson(
      `${cases.url}/api/v1/cases/${reference}/status`,
      {
        status: 'resolved',
        reason: 'Repaired by crew 4',
        expectedVersion: view.case.version,
        channel: 'phone',
      },
      await asUser('agent-17'),
    );
    expect(resolve.status).toBe(200);
    // (The satisfaction question follows the resolution by text too.)
    const fixed = await sms.waitFor(
      (m) => m.to === phone && m.text.includes(reference) && !m.text.includes('nöjd'),
      30_000,
    );
    expect(fixed.text).toContain('är åtgärdat');
  });

  it('the IVR reads a request status out through the gateway, from the case record', async () => {
    const res = await postJson(`${gateway.url}/api/v1/requests`, pothole(`${randomUUID()}@example.org`));
    const { reference } = (await res.json()) as { reference: string };
    await waitForCase(cases.url, reference);
    const ivr = await fetch(`${gateway.url}/api/v1/ivr/requests/${reference}/status`);
    expect(ivr.status).toBe(200);
    // Received, or already open once the workflow-service has routed it.
    expect(await ivr.text()).toMatch(/^Your pothole request, received on .+, (has been received|is open)\b/);
  });

  it("a call pops the caller's record on the answering agent's screen, and on no one else's", async () => {
    // A citizen who reported something with their phone number.
    const phone = `+441632960${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const res = await postJson(`${gateway.url}/api/v1/requests`, {
      ...pothole(`${randomUUID()}@example.org`),
      contact: { firstName: 'Priya', lastName: 'Shah', email: `${randomUUID()}@example.org`, phone },
    });
    const { reference } = (await res.json()) as { reference: string };
    const theCase = await waitForCase(cases.url, reference);

    // Two agents signed in, each listening for their own calls.
    const seventeen = await EventStream.open(
      `${cases.url}/api/v1/agent/screen-pops`,
      await asUser('agent-17'),
    );
    const eighteen = await EventStream.open(
      `${cases.url}/api/v1/agent/screen-pops`,
      await asUser('agent-18'),
    );
    try {
      await Promise.all([seventeen.waitFor('open'), eighteen.waitFor('open')]);
      // The switch puts two calls through to agent-17: the citizen's, and a number nobody has given.
      const call = async (callId: string, callerNumber: string) => {
        const answer = await telephonyCallStarted(gateway.url, {
          callId,
          callerNumber,
          agentId: 'agent-17',
          queue: 'highways',
        });
        expect(answer.status).toBe(202);
      };
      const known = `call-${randomUUID()}`;
      const unknown = `call-${randomUUID()}`;
      await call(known, phone);
      await call(unknown, '+441632960999');

      const pop = await seventeen.waitFor('screen-pop', (e) => (e.data as AgentScreenPop).callId === known);
      expect(pop.data).toMatchObject({
        agentId: 'agent-17',
        action: 'open',
        callerNumber: phone,
        queue: 'highways',
        caller: { citizenId: theCase.citizen!.id, firstName: 'Priya', lastName: 'Shah' },
      });
      const nobody = await seventeen.waitFor(
        'screen-pop',
        (e) => (e.data as AgentScreenPop).callId === unknown,
      );
      expect(nobody.data).toMatchObject({ callerNumber: '+441632960999', caller: null });
      // The other agent's screen stays quiet.
      expect(eighteen.of('screen-pop')).toEqual([]);
    } finally {
      seventeen.close();
      eighteen.close();
    }
  });

  it('Open311 GET requests and requests/{id}: status, notes, agency, expected time, in JSON and XML', async () => {
    const form = new URLSearchParams({
      api_key: 'demo-open311-key',
      service_code: 'graffiti',
      lat: '51.47',
      long: '-0.2',
      address_string: '9 Quay Street',
      'attribute[offensive]': 'yes',
      'attribute[surface]': 'bridge',
      description: 'Tag on the bridge',
    });
    const created = await fetch(`${gateway.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const [{ service_request_id: id }] = (await created.json()) as Array<{ service_request_id: string }>;
    // The agent acts on the case as it is once routed (routing changes its version; an older one gets 409).
    let view = await waitForCase(cases.url, id);
    const routed = (v: typeof view) =>
      ['routed', 'due-times-set'].every((k) => v.timeline.some((t) => t.kind === k));
    for (let i = 0; i < 200 && !routed(view); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await waitForCase(cases.url, id);
    }
    const one = await fetch(`${gateway.url}/open311/v2/requests/${id}.json`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: 'open',
        service_code: 'graffiti',
        agency_responsible: 'cleansing',
        address: '9 Quay Street',
        lat: 51.47,
        long: -0.2,
        description: 'Tag on the bridge',
      }),
    ]);
    const resolve = await postJson(
      `${cases.url}/api/v1/cases/${id}/status`,
      { status: 'resolved', reason: 'Removed by the cleansing team', expectedVersion: view.case.version },
      await asUser('agent-17'),
    );
    expect(resolve.status).toBe(200);
    const closed = (await (await fetch(`${gateway.url}/open311/v2/requests/${id}.json`)).json()) as Array<
      Record<string, unknown>
    >;
    // The reason typed with the change is for the record, not the public: only notes marked shared are status notes.
    expect(closed[0]).toMatchObject({ status: 'closed', status_notes: null });
    const xml = await (await fetch(`${gateway.url}/open311/v2/requests/${id}.xml`)).text();
    expect(xml).toContain(
      `<service_requests><request><service_request_id>${id}</service_request_id><status>closed</status>`,
    );
    const list = await fetch(
      `${gateway.url}/open311/v2/requests.json?service_code=graffiti&status=closed&page_size=5`,
    );
    expect(list.status).toBe(200);
    expect(
      ((await list.json()) as Array<{ service_request_id: string }>).map((r) => r.service_request_id),
    ).toContain(id);
    expect(Number(list.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
    const missing = await fetch(`${gateway.url}/open311/v2/requests/0000-0000-000.json`);
    expect(missing.status).toBe(404);
    const badDate = await fetch(`${gateway.url}/open311/v2/requests.json?start_date=yesterday`);
    expect(badDate.status).toBe(400);
    expect(await badDate.json()).toEqual([
      { code: 400, description: 'start_date: must be an ISO 8601 date-time' },
    ]);
  });

  it('Open311 shows only what the catalogue makes public: a housing repair answers as no request at all; notes marked shared; a missed bin to about 100 m; wide ranges and pages refused', async () => {
    const agent = await asUser('agent-17');
    const committed = async (reference: string) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await fetch(`${cases.url}/api/v1/cases/${reference}`, { headers: agent }).catch(() => null);
        if (r?.status === 200) return;
        if (Date.now() > deadline)
          throw new Error(`case ${reference} not visible (${r?.status ?? 'no answer'})`);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    const report = async (fields: Record<string, string>) => {
      const res = await fetch(`${gateway.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: 'demo-open311-key', ...fields }).toString(),
      });
      expect(res.status).toBe(200);
      const [{ service_request_id: id }] = (await res.json()) as Array<{ service_request_id: string }>;
      await committed(id);
      return id;
    };
    const get = async (path: string) => {
      const r = await fetch(`${gateway.url}/open311/v2/${path}`);
      return {
        status: r.status,
        body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text(),
      };
    };

    // A council tenant reports damp through a city app: a case of a personal service (an application:
    // the city must reach them, so they leave an email, which Open311 never shows).
    const housing = await report({
      service_code: 'housing-repair',
      lat: String(52 + Math.random()),
      long: '4.1',
      address_string: 'Flat 4, 12 Elm Grove',
      email: `tenant-${randomUUID().slice(0, 8)}@example.org`,
      description: 'Black mould behind the wardrobe',
      'attribute[room]': 'bedroom',
      'attribute[repair-type]': 'damp',
      'attribute[emergency]': 'no',
    });
    expect(await get(`requests/${housing}.json`)).toEqual({
      status: 404,
      body: [{ code: 404, description: `service_request_id ${housing} not found` }],
    });
    const missing = await get('requests/0000-0000-000.json');
    expect(missing).toEqual({
      status: 404,
      body: [{ code: 404, description: 'service_request_id 0000-0000-000 not found' }],
    });
    expect((await get(`requests/${housing}.xml`)).status).toBe(404);
    expect(await get('requests.json?service_code=housing-repair')).toEqual({ status: 200, body: [] });

    // A missed bin is public, but its place only to about 100 m and without the street address.
    const bin = await report({
      service_code: 'missed-bin',
      lat: '51.507234',
      long: '-0.127612',
      address_string: '14 Station Road',
      'attribute[bin-type]': 'recycling',
      'attribute[collection-date]': '2026-11-26',
      'attribute[out-by-7]': 'yes',
    });
    const both = await get(`requests.json?service_request_id=${housing},${bin}`);
    expect(both.status).toBe(200);
    expect(both.body).toEqual([
      expect.objectContaining({
        service_request_id: bin,
        service_code: 'missed-bin',
        lat: 51.507,
        long: -0.128,
        address: null,
        address_id: null,
      }),
    ]);

    // An agent's notes on a graffiti report: the one marked shared is the status note, the internal one is never shown.
    const tag = await report({
      service_code: 'graffiti',
      lat: String(53 + Math.random()),
      long: '4.2',
      'attribute[offensive]': 'no',
      'attribute[surface]': 'wall',
    });
    const note = (text: string, visibility: string) =>
      fetch(`${cases.url}/api/v1/cases/${tag}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...agent },
        body: JSON.stringify({ text, visibility }),
      });
    expect((await note('Cleaning crew booked for Friday', 'shared')).status).toBe(201);
    expect((await note('Tagger known to us, CCTV ref 8812', 'internal')).status).toBe(201);
    const read = await get(`requests/${tag}.json`);
    expect(read.body).toEqual([
      expect.objectContaining({ service_request_id: tag, status_notes: 'Cleaning crew booked for Friday' }),
    ]);
    expect(JSON.stringify(read.body)).not.toContain('CCTV');

    // The spec's limits, in the spec's error format.
    expect(await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z')).toEqual({
      status: 400,
      body: [
        { code: 400, description: 'start_date: at most 90 days before end_date (or now, without end_date)' },
      ],
    });
    expect(await get('requests.json?page_size=500')).toEqual({
      status: 400,
      body: [{ code: 400, description: 'page_size: at most 100' }],
    });
    const xml = await get('requests.xml?page_size=500');
    expect(xml.status).toBe(400);
    expect(xml.body).toContain(
      '<errors><error><code>400</code><description>page_size: at most 100</description></error></errors>',
    );
  });

  it('Postgres restarting during a stream of requests loses none of them and duplicates none', async () => {
    const references: string[] = [];
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await postJson(`${gateway.url}/api/v1/requests`, pothole(`${randomUUID()}@example.org`), {
          'idempotency-key': `pg-${randomUUID()}`,
        });
        if (r.status === 202) references.push(((await r.json()) as { reference: string }).reference);
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, () => send(30)));
    await new Promise((r) => setTimeout(r, 300));
    restartPostgres();
    await load;
    expect(references.length).toBe(240);
    await expectCases(schema, references, deadLetters);
  }, 180_000);

  it('a case-service killed with SIGKILL mid-stream loses no acknowledged request and duplicates none', async () => {
    const references: string[] = [];
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await postJson(`${gateway.url}/api/v1/requests`, pothole(`${randomUUID()}@example.org`), {
          'idempotency-key': `kill-${randomUUID()}`,
        });
        if (r.status === 202) references.push(((await r.json()) as { reference: string }).reference);
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, () => send(40)));
    await new Promise((r) => setTimeout(r, 400));
    await cases.kill();
    await new Promise((r) => setTimeout(r, 300));
    cases = await startApp('case-service', 0, caseEnv);
    await load;
    expect(references.length).toBe(320);
    await expectCases(schema, references, deadLetters);
  }, 180_000);
});

/** Restarts the machine's real Postgres cluster, as an operator or a failover would. */
function restartPostgres(): void {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (!versions.length)
    throw new Error('pg_ctlcluster and /etc/postgresql are needed to restart Postgres in this test');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions.sort().at(-1)!, 'main', 'restart'], {
    stdio: 'ignore',
  });
}

/** Every acknowledged reference is exactly one case with one first timeline entry, within a minute. */
async function expectCases(schema: string, references: string[], deadLetters: TopicProbe): Promise<void> {
  {
    const db = new Client({ connectionString: DB });
    await db.connect();
    try {
      const deadline = Date.now() + 60_000;
      let found = 0;
      while (Date.now() < deadline) {
        const r = await db.query(
          `SELECT count(*)::int AS n FROM "${schema}".cases WHERE reference = ANY($1)`,
          [references],
        );
        found = r.rows[0].n;
        if (found === references.length) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      // Said together, so a failure shows why: cases missing, and what (if anything) was dead-lettered.
      expect({ found, deadLettered: deadLetters.messages.map((m) => m.headers['dlq-error']) }).toEqual({
        found: references.length,
        deadLettered: [],
      });
      const dup = await db.query(
        `SELECT count(*)::int AS n FROM "${schema}".timeline_entries t JOIN "${schema}".cases c ON c.id = t.case_id WHERE c.reference = ANY($1) AND t.kind = 'created'`,
        [references],
      );
      expect(dup.rows[0].n).toBe(references.length);
    } finally {
      await db.end();
    }
  }
}
