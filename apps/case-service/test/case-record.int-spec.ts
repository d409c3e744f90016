import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  allTopicSpecs,
  caseAssignedV1,
  caseCloseDueV1,
  counterVisitEndedV1,
  type CounterVisitEndedV1,
  caseRoutedV1,
  createEnvelope,
  dueTimesSetV1,
  slaBreachedV1,
  slaWarningV1,
  TOPICS,
  type CaseOpenedV1,
  type RequestReceivedV1,
  type RequestReceivedV1Payload,
} from '@city/contracts';
import { eventIdFromKey, referenceFromKey } from '@city/domain-intake';
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
  requestReceived,
  pendingSchemaChanges,
  publishServices,
  removeTestState,
  repositoryCatalogue,
  roomyRateLimits,
  serviceTokenOf,
} from '@city/platform-testing';
import { CASE_ENTITIES, CASE_MIGRATIONS } from '../src/app.module';
import { createCaseService } from '../src/bootstrap';
import { loadCaseConfig } from '../src/config';
import { OpenCaseUseCase } from '../src/intake/open-case/open-case.usecase';
import { AddNoteUseCase } from '../src/cases/add-note/add-note.usecase';
import { ChangeStatusUseCase } from '../src/cases/change-status/change-status.usecase';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/** A request as the gateway puts it on the topic, from any channel (a citizen and a place of its own unless told). */
const request = requestReceived;

describe('case-service: the unified case record (real Kafka, real Postgres)', () => {
  const prefix = uniquePrefix('cs');
  const schema = `case_test_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'cs-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 10_000,
  });
  let app: NestFastifyApplication;
  let url: string;
  let caseEvents: TopicProbe;
  let dlq: TopicProbe;

  const publish = (e: RequestReceivedV1 | { raw: string; key: string }) =>
    'raw' in e
      ? publisher.send({ topic: prefix + TOPICS.intakeRequests, key: e.key, value: e.raw })
      : publisher.publish(prefix + TOPICS.intakeRequests, `default:${e.payload.idempotencyKey}`, e);

  const waitForCase = async (reference: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await fetch(`${url}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') });
      if (r.status === 200) return r.json();
      if (Date.now() > deadline) throw new Error(`case ${reference} not visible: ${r.status}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  };

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    // The city's catalogue, as the workflow-service publishes it: Open311 reads follow what it says of each service.
    await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
    const config = loadCaseConfig({
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DB,
      DB_SCHEMA: schema,
      PORT: '0',
      ...roomyRateLimits(),
    });
    app = await createCaseService(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    [caseEvents, dlq] = await Promise.all([
      new TopicProbe(kafka, prefix + TOPICS.caseEvents).start(),
      new TopicProbe(kafka, `${prefix}${TOPICS.intakeRequests}.dlq`).start(),
    ]);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([caseEvents?.stop(), dlq?.stop(), publisher.close()]);
    await removeTestState({ kafka, topicPrefix: prefix, databaseUrl: TEST_DB, schemas: [schema] });
  });

  it('the committed migrations build exactly the schema the entities describe', async () => {
    expect(
      await pendingSchemaChanges(
        dataSourceOptions({ url: TEST_DB, schema, entities: CASE_ENTITIES, migrations: CASE_MIGRATIONS }),
      ),
    ).toEqual([]);
  });

  it('a request becomes a case with its citizen, interaction and first timeline entry, and CaseOpened follows', async () => {
    const e = request({
      channel: 'phone',
      channelDetails: {
        kind: 'agent-assisted',
        agentId: 'agent-17',
        callId: 'call-1',
        callerNumber: '+441632960001',
      },
    });
    await publish(e);
    const view = await waitForCase(e.payload.reference);
    expect(view.case).toMatchObject({
      reference: e.payload.reference,
      status: 'received',
      channelOfOrigin: 'phone',
      queue: 'highways',
      service: { code: 'pothole', lgslId: 557 },
    });
    expect(view.citizen).toMatchObject({
      firstName: 'Anna',
      lastName: 'de Vries',
      preferredChannel: 'email',
      language: 'nl',
    });
    expect(view.citizen.contactPoints).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: e.payload.contact!.email },
        { kind: 'phone', value: '+31612345678' },
      ]),
    );
    expect(view.timeline).toEqual([
      expect.objectContaining({
        kind: 'created',
        actor: 'agent:agent-17',
        channel: 'phone',
        summary: 'Request received on the phone channel',
      }),
    ]);
    expect(view.interactions).toEqual([
      expect.objectContaining({
        channel: 'phone',
        direction: 'inbound',
        kind: 'phone-call',
        handledBy: 'agent-17',
        handlerKind: 'agent',
      }),
    ]);
    const opened = await caseEvents.waitFor(
      (m) => m.json<CaseOpenedV1>().payload.reference === e.payload.reference,
    );
    expect(opened.key).toBe(view.case.id);
    expect(opened.json<CaseOpenedV1>()).toMatchObject({
      type: 'CaseOpened',
      causationId: e.eventId,
      correlationId: e.correlationId,
      payload: { caseId: view.case.id, citizenId: view.citizen.id, channel: 'phone' },
    });
  });

  it('requests from the same email or phone on other channels join the same citizen', async () => {
    const email = `${randomUUID()}@example.org`;
    const web = request({
      contact: { firstName: 'Lars', lastName: 'Berg', email, phone: null, address: null },
    });
    const counter = request({
      key: `counter:${randomUUID()}`,
      channel: 'counter',
      channelDetails: {
        kind: 'counter',
        clerkId: 'clerk-9',
        office: 'Town Hall',
        counter: '4',
        ticket: null,
      },
      contact: {
        firstName: 'Lars',
        lastName: 'Berg',
        email: email.toUpperCase(),
        phone: '+46701234567',
        address: null,
      },
    });
    const kiosk = request({
      key: `kiosk:k1:${randomUUID()}`,
      channel: 'kiosk',
      channelDetails: {
        kind: 'kiosk',
        deviceId: 'k1',
        location: 'Library',
        batchId: null,
        capturedOffline: false,
      },
      contact: { firstName: null, lastName: null, email: null, phone: '+46701234567', address: null },
    });
    await publish(web);
    const a = await waitForCase(web.payload.reference);
    await publish(counter);
    const b = await waitForCase(counter.payload.reference);
    await publish(kiosk);
    const c = await waitForCase(kiosk.payload.reference);
    expect(b.citizen.id).toBe(a.citizen.id);
    expect(c.citizen.id).toBe(a.citizen.id);
    expect(c.citizen.contactPoints).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: email },
        { kind: 'phone', value: '+46701234567' },
      ]),
    );
  });

  describe('a contact given on an anonymous channel never joins an existing citizen', () => {
    // What an agent sees (their token), what the notification-service asks (its token), and what anyone may try (no token).
    const asAgent = async (path: string) => fetch(`${url}${path}`, { headers: await asUser('agent-17') });
    const caseSeenByAgent = async (reference: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await asAgent(`/api/v1/cases/${reference}`);
        if (r.status === 200) return r.json();
        if (Date.now() > deadline) throw new Error(`case ${reference} not visible: ${r.status}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    };
    const citizen360 = async (id: string) => (await asAgent(`/api/v1/citizens/${id}`)).json();
    const recipientsOf = async (reference: string) =>
      (
        await fetch(`${url}/api/v1/cases/${reference}/recipients`, {
          headers: { authorization: `Bearer ${await serviceTokenOf('notification-service')}` },
        })
      ).json();
    const followWith = (reference: string, contact: { email: string } | { phone: string }) =>
      fetch(`${url}/api/v1/requests/${reference}?${new URLSearchParams(contact)}`);
    const phoneNumber = () => `+4479${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const sorted = (cps: Array<{ kind: string; value: string }>) =>
      [...cps].sort((x, y) => `${x.kind} ${x.value}`.localeCompare(`${y.kind} ${y.value}`));
    const web = (email: string | null, phone: string | null) =>
      request({ contact: { firstName: null, lastName: 'Holt', email, phone, address: null } });

    it("a web report with someone's email and the sender's phone stays off their record: a new record, marked for an agent, and the phone opens none of their requests", async () => {
      const email = `${randomUUID()}@example.org`;
      const theirPhone = phoneNumber();
      const senderPhone = phoneNumber();
      const theirs = request({
        contact: { firstName: 'Maria', lastName: 'Holt', email, phone: theirPhone, address: null },
      });
      await publish(theirs);
      const v = await caseSeenByAgent(theirs.payload.reference);
      const heardBefore = await recipientsOf(theirs.payload.reference);
      expect(heardBefore.recipients).toEqual([
        expect.objectContaining({ citizenId: v.citizen.id, email, phone: theirPhone }),
      ]);

      const sent = web(email.toUpperCase(), senderPhone);
      await publish(sent);
      const s = await caseSeenByAgent(sent.payload.reference);

      // Their record is as it was: the same contacts and only their own request.
      const victim = await citizen360(v.citizen.id);
      expect(sorted(victim.citizen.contactPoints)).toEqual(
        sorted([
          { kind: 'email', value: email },
          { kind: 'phone', value: theirPhone },
        ]),
      );
      expect(victim.cases.map((c: { reference: string }) => c.reference)).toEqual([theirs.payload.reference]);
      // The report is on a record of its own, holding what was given, marked as possibly theirs for an agent to merge.
      expect(s.citizen.id).not.toBe(v.citizen.id);
      const held = await citizen360(s.citizen.id);
      expect(held.citizen).toMatchObject({ possibleMatchOf: v.citizen.id, mergedInto: null });
      expect(sorted(held.citizen.contactPoints)).toEqual(
        sorted([
          { kind: 'email', value: email },
          { kind: 'phone', value: senderPhone },
        ]),
      );

      // The sender's phone is no second factor for their request; the sender follows their own.
      expect((await followWith(theirs.payload.reference, { phone: senderPhone })).status).toBe(404);
      expect((await followWith(theirs.payload.reference, { phone: theirPhone })).status).toBe(200);
      const own = await followWith(sent.payload.reference, { phone: senderPhone });
      expect(own.status).toBe(200);
      expect((await own.json()).citizenId).toBe(s.citizen.id);
      // Who hears about their request is unchanged.
      expect(await recipientsOf(theirs.payload.reference)).toEqual(heardBefore);

      // Both requests in one call, as the notification-service asks when it sends several messages at once.
      const many = (body: unknown, token: Promise<string>) =>
        token.then((t) =>
          fetch(`${url}/api/v1/case-recipients`, {
            method: 'POST',
            headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        );
      const unknown = referenceFromKey('default', randomUUID());
      const both = await many(
        { references: [sent.payload.reference, unknown, theirs.payload.reference] },
        serviceTokenOf('notification-service'),
      );
      expect(both.status).toBe(200);
      expect(await both.json()).toEqual({
        cases: [await recipientsOf(sent.payload.reference), heardBefore],
        notFound: [unknown],
      });
      expect((await many({ references: [] }, serviceTokenOf('notification-service'))).status).toBe(400);
      expect(
        (await many({ references: [theirs.payload.reference] }, serviceTokenOf('intake-gateway'))).status,
      ).toBe(403);
    });

    it('later requests, one batch as one by one: the established record wins for its contact, a held-apart record is found again, and a staff member still adds a contact', async () => {
      const openCase = app.get(OpenCaseUseCase);
      const email = `${randomUUID()}@example.org`;
      const ownPhone = phoneNumber();
      const otherPhone = phoneNumber();
      const toldAgent = phoneNumber();
      const first = web(email, ownPhone);
      const withOtherPhone = web(email, otherPhone);
      const emailOnly = request({
        key: `kiosk:k1:${randomUUID()}`,
        channel: 'kiosk',
        channelDetails: {
          kind: 'kiosk',
          deviceId: 'k1',
          location: 'Library',
          batchId: null,
          capturedOffline: false,
        },
        contact: { firstName: null, lastName: null, email, phone: null, address: null },
      });
      const again = request({
        channelDetails: { kind: 'open311', clientId: 'app-1', clientName: 'Fix it', deviceId: null },
        contact: { firstName: null, lastName: null, email, phone: otherPhone, address: null },
      });
      const byPhone = request({
        key: `phone:${randomUUID()}`,
        channel: 'phone',
        channelDetails: {
          kind: 'agent-assisted',
          agentId: 'agent-17',
          callId: 'c-77',
          callerNumber: toldAgent,
        },
        contact: { firstName: null, lastName: 'Holt', email, phone: toldAgent, address: null },
      });
      expect(await openCase.execute([first, withOtherPhone, emailOnly, again, byPhone])).toEqual({
        opened: 5,
        alreadyHandled: 0,
      });
      const [f, o, e, a, p] = await Promise.all(
        [first, withOtherPhone, emailOnly, again, byPhone].map((x) => caseSeenByAgent(x.payload.reference)),
      );
      expect(o.citizen.id).not.toBe(f.citizen.id);
      expect(e.citizen.id).toBe(f.citizen.id);
      expect(a.citizen.id).toBe(o.citizen.id);
      expect(p.citizen.id).toBe(f.citizen.id);
      const established = await citizen360(f.citizen.id);
      expect(sorted(established.citizen.contactPoints)).toEqual(
        sorted([
          { kind: 'email', value: email },
          { kind: 'phone', value: ownPhone },
          { kind: 'phone', value: toldAgent },
        ]),
      );
      expect(established.citizen.possibleMatchOf).toBeNull();
      expect((await citizen360(o.citizen.id)).citizen.possibleMatchOf).toBe(f.citizen.id);

      // The same in later batches, from what was stored.
      const later = [web(email, null), web(email, otherPhone), web(null, otherPhone)];
      for (const x of later) await openCase.execute([x]);
      const [byEmail, byBoth, byOther] = await Promise.all(
        later.map((x) => caseSeenByAgent(x.payload.reference)),
      );
      expect([byEmail.citizen.id, byBoth.citizen.id, byOther.citizen.id]).toEqual([
        f.citizen.id,
        o.citizen.id,
        o.citizen.id,
      ]);
      expect((await followWith(first.payload.reference, { phone: otherPhone })).status).toBe(404);
    });
  });

  it('a new citizen whose requests are handled at once, in concurrent batches, becomes one record', async () => {
    const email = `${randomUUID()}@example.org`;
    const burst = Array.from({ length: 12 }, () =>
      request({ contact: { firstName: 'Sofie', lastName: 'Jansen', email, phone: null, address: null } }),
    );
    // As the consumer handles partitions: concurrent transactions, each a batch.
    const openCase = app.get(OpenCaseUseCase);
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => openCase.execute(burst.slice(i * 2, i * 2 + 2))));
    const views = await Promise.all(burst.map((e) => waitForCase(e.payload.reference)));
    expect(new Set(views.map((v) => v.citizen.id)).size).toBe(1);
  });

  it('a redelivered or replayed event creates no second case, interaction or timeline entry', async () => {
    const e = request();
    await publish(e);
    await publish(e);
    const view = await waitForCase(e.payload.reference);
    await publish(e);
    // Every replay handled (the group's commits at the end of the topic), and every fact it published read.
    await caughtUp(kafka, 'case-service.intake', [TOPICS.intakeRequests]);
    const again = await waitForCase(e.payload.reference);
    expect(again.timeline).toHaveLength(1);
    expect(again.interactions).toHaveLength(1);
    expect(again.case.id).toBe(view.case.id);
    // The outbox relays what a replay would have written a moment after its commit: a later case's
    // fact, written after the replays were handled, is relayed after theirs.
    const later = request();
    await publish(later);
    await caseEvents.waitFor((m) => m.json<CaseOpenedV1>().payload.reference === later.payload.reference);
    await caseEvents.caughtUp();
    expect(
      caseEvents.filter((m) => m.json<CaseOpenedV1>().payload.reference === e.payload.reference),
    ).toHaveLength(1);
  });

  it('a malformed event or an unknown version is dead-lettered with the reason, and the stream goes on', async () => {
    const marker = randomUUID();
    await publish({ raw: `{not json ${marker}`, key: 'bad-1' });
    const v9 = { ...request(), version: 9, correlationId: marker };
    await publish({ raw: JSON.stringify(v9), key: 'bad-2' });
    const after = request();
    await publish(after);
    await waitForCase(after.payload.reference);
    const notJson = await dlq.waitFor((m) => (m.value ?? '').includes(marker) && m.key === 'bad-1');
    expect(notJson.headers['dlq-error']).toBe('message value is not JSON');
    const unknown = await dlq.waitFor((m) => m.key === 'bad-2' && (m.value ?? '').includes(marker));
    expect(unknown.headers['dlq-error']).toBe('unknown event RequestReceived v9');
  });

  it('citizens look a request up by reference plus the email or phone they gave; nothing without it', async () => {
    const e = request();
    await publish(e);
    await waitForCase(e.payload.reference);
    const ok = await fetch(
      `${url}/api/v1/requests/${e.payload.reference}?email=${encodeURIComponent(e.payload.contact!.email!)}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      reference: e.payload.reference,
      status: 'received',
      summary: expect.stringContaining('has been received'),
    });
    expect((await fetch(`${url}/api/v1/requests/${e.payload.reference}?phone=%2B31612345678`)).status).toBe(
      200,
    );
    expect(
      (await fetch(`${url}/api/v1/requests/${e.payload.reference}?email=someone-else@example.org`)).status,
    ).toBe(404);
    expect((await fetch(`${url}/api/v1/requests/${e.payload.reference}`)).status).toBe(400);
    const ivr = await fetch(`${url}/api/v1/ivr/requests/${e.payload.reference.toLowerCase()}/status`, {
      headers: { authorization: `Bearer ${await serviceTokenOf('intake-gateway')}` },
    });
    expect(await ivr.text()).toMatch(/^Your pothole request, received on \d+ \w+, has been received/);
  });

  it('404 for a case that does not exist, 400 for what is not a reference', async () => {
    expect((await getAs(`/api/v1/cases/${referenceFromKey('default', randomUUID())}`)).status).toBe(404);
    const bad = await getAs(`/api/v1/cases/not-a-ref`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ field: 'reference', reason: 'not a valid reference' }]);
  });

  const flytip = (lat: number, long: number, extra: Partial<RequestReceivedV1Payload> = {}) =>
    request({
      service: {
        code: 'flytipping',
        version: 1,
        lgslId: 587,
        interaction: 'reporting',
        defaultQueue: 'cleansing',
      },
      attributes: { 'waste-type': ['tyres'], size: 'van' },
      location: { lat, long, address: null, propertyId: null },
      ...extra,
    });

  it('a report near an open one of the same service is linked to it as a duplicate; its citizen follows the original', async () => {
    // Somewhere no other test reports: 0.0005 degrees of latitude is about 56 m.
    const lat = 50 + Math.random();
    const original = flytip(lat, 1);
    await publish(original);
    const o = await waitForCase(original.payload.reference);
    const nearby = flytip(lat + 0.0005, 1, {
      channel: 'kiosk',
      channelDetails: {
        kind: 'kiosk',
        deviceId: 'k2',
        location: 'Library',
        batchId: null,
        capturedOffline: false,
      },
    });
    await publish(nearby);
    const d = await waitForCase(nearby.payload.reference);
    expect(d.case).toMatchObject({ status: 'duplicate', duplicateOf: o.case.id });
    expect(d.links).toEqual([
      { kind: 'duplicate-of', reference: original.payload.reference, direction: 'outgoing' },
    ]);
    expect(d.timeline.map((t: { kind: string }) => t.kind)).toEqual(['created', 'linked']);
    expect(d.timeline[1].summary).toMatch(
      new RegExp(`Same problem as ${original.payload.reference} \\(5\\d m away\\)`),
    );
    const again = await waitForCase(original.payload.reference);
    expect(again.links).toEqual([
      { kind: 'duplicated-by', reference: nearby.payload.reference, direction: 'incoming' },
    ]);
    expect(again.timeline[1].summary).toMatch(/Reported again as .* on the kiosk channel/);
    const opened = await caseEvents.waitFor(
      (m) => m.json<CaseOpenedV1>().payload.reference === nearby.payload.reference,
    );
    expect(opened.json<CaseOpenedV1>().payload.duplicateOf).toMatchObject({
      caseId: o.case.id,
      reference: original.payload.reference,
    });

    const far = flytip(lat + 0.01, 1);
    await publish(far);
    expect((await waitForCase(far.payload.reference)).case.status).toBe('received');
    const otherService = request({
      location: { lat: lat + 0.0001, long: 1, address: null, propertyId: null },
    });
    await publish(otherService);
    expect((await waitForCase(otherService.payload.reference)).case.status).toBe('received');

    // A missed bin duplicates only at the same property (its UPRN), wherever the pins were dropped.
    const uprn = String(100000000000 + Math.floor(Math.random() * 1e9));
    const bin = (propertyId: string, lat: number) =>
      request({
        service: {
          code: 'missed-bin',
          version: 1,
          lgslId: 524,
          interaction: 'reporting',
          defaultQueue: 'waste',
        },
        attributes: {},
        location: { lat, long: 2, address: '1 High Street', propertyId },
      });
    const firstBin = bin(uprn, lat);
    await publish(firstBin);
    const fb = await waitForCase(firstBin.payload.reference);
    const sameHouse = bin(uprn, lat + 0.002);
    const nextDoor = bin(`${uprn}1`, lat);
    await publish(sameHouse);
    await publish(nextDoor);
    expect((await waitForCase(sameHouse.payload.reference)).case).toMatchObject({
      status: 'duplicate',
      duplicateOf: fb.case.id,
    });
    expect((await waitForCase(nextDoor.payload.reference)).case.status).toBe('received');
  });

  it('a batch has the effect of its events one by one: later events see the citizens and cases of earlier ones', async () => {
    const openCase = app.get(OpenCaseUseCase);
    const lat = 52 + Math.random();
    const email = `${randomUUID()}@example.org`;
    const first = flytip(lat, 2, {
      contact: { firstName: 'Eva', lastName: 'Lind', email, phone: null, address: null },
    });
    const sameSpot = flytip(lat + 0.0003, 2);
    // At a counter: the clerk vouches for the new phone, so it joins the record made earlier in the batch.
    const sameCitizen = request({
      key: `counter:${randomUUID()}`,
      channel: 'counter',
      channelDetails: {
        kind: 'counter',
        clerkId: 'clerk-9',
        office: 'Town Hall',
        counter: '2',
        ticket: null,
      },
      contact: {
        firstName: 'Eva',
        lastName: 'Lind',
        email: email.toUpperCase(),
        phone: '+46709876543',
        address: null,
      },
    });
    const outcome = await openCase.execute([first, sameSpot, first, sameCitizen]);
    expect(outcome).toEqual({ opened: 3, alreadyHandled: 1 });
    const [a, b, c] = await Promise.all(
      [first, sameSpot, sameCitizen].map((e) => waitForCase(e.payload.reference)),
    );
    expect(b.case).toMatchObject({ status: 'duplicate', duplicateOf: a.case.id });
    expect(a.links).toEqual([
      { kind: 'duplicated-by', reference: sameSpot.payload.reference, direction: 'incoming' },
    ]);
    expect(c.citizen.id).toBe(a.citizen.id);
    expect(c.citizen.contactPoints).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: email },
        { kind: 'phone', value: '+46709876543' },
      ]),
    );
    expect(a.timeline.map((t: { kind: string }) => t.kind)).toEqual(['created', 'linked']);
    // The whole batch again (a redelivery): nothing new.
    expect(await openCase.execute([first, sameSpot, sameCitizen])).toEqual({ opened: 0, alreadyHandled: 3 });
    expect((await waitForCase(first.payload.reference)).timeline).toHaveLength(2);
    for (const e of [first, sameSpot, sameCitizen])
      await caseEvents.waitFor((m) => m.json<CaseOpenedV1>().payload.reference === e.payload.reference);
    expect(
      caseEvents.filter((m) => m.json<CaseOpenedV1>().payload.reference === first.payload.reference),
    ).toHaveLength(1);
  });

  /** A staff member's POST, with their real token (the actor on the record is the token's). */
  const postAs = async (user: DemoUser, path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser(user)) },
      body: JSON.stringify(body),
    });
  const post = (path: string, body: unknown) => postAs('agent-17', path, body);
  const getAs = async (path: string, user: DemoUser = 'agent-17') =>
    fetch(`${url}${path}`, { headers: await asUser(user) });

  it('agents change status with a reason, add notes and link cases; every change is on the timeline and on Kafka', async () => {
    const e = request();
    await publish(e);
    const v = await waitForCase(e.payload.reference);
    const ref = e.payload.reference;
    const open = await post(`/api/v1/cases/${ref}/status`, {
      status: 'in-progress',
      channel: 'phone',
      expectedVersion: v.case.version,
    });
    expect(open.status).toBe(200);
    const afterOpen = await open.json();
    expect(afterOpen).toMatchObject({ status: 'in-progress', version: v.case.version + 1 });

    const stale = await postAs('agent-18', `/api/v1/cases/${ref}/status`, {
      status: 'resolved',
      reason: 'done',
      expectedVersion: v.case.version,
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).errors).toEqual([
      { field: 'expectedVersion', reason: `the case is at version ${afterOpen.version}` },
    ]);

    const noReason = await post(`/api/v1/cases/${ref}/status`, {
      status: 'resolved',
      expectedVersion: afterOpen.version,
    });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors).toEqual([
      { field: 'reason', reason: 'required to mark a case resolved' },
    ]);

    const note = await postAs('clerk-9', `/api/v1/cases/${ref}/notes`, {
      text: 'Crew booked for Tuesday',
      visibility: 'shared',
      channel: 'counter',
    });
    expect(note.status).toBe(201);
    const resolved = await post(`/api/v1/cases/${ref}/status`, {
      status: 'resolved',
      reason: 'Repaired',
      expectedVersion: (await note.json()).version,
    });
    expect(resolved.status).toBe(200);
    const closedTwice = await post(`/api/v1/cases/${ref}/status`, {
      status: 'withdrawn',
      reason: 'x',
      expectedVersion: (await resolved.json()).version,
    });
    expect((await closedTwice.json()).errors).toEqual([
      { field: 'status', reason: 'cannot go from resolved to withdrawn' },
    ]);

    const view = await waitForCase(ref);
    expect(view.timeline.map((t: { kind: string; actor: string }) => `${t.kind}/${t.actor}`)).toEqual([
      'created/citizen',
      'status-changed/agent:agent-17',
      'note-added/clerk:clerk-9',
      'status-changed/agent:agent-17',
    ]);
    const changes = await (async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = caseEvents.filter(
          (m) => (m.value ?? '').includes(ref) && m.headers['event-type'] === 'CaseChanged',
        );
        if (found.length >= 3 || Date.now() > deadline)
          return found.map((m) => m.json<{ payload: { change: string; to?: string } }>().payload);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect(changes.map((c) => c.change + (c.to ? `:${c.to}` : ''))).toEqual([
      'status-changed:in-progress',
      'note-added',
      'status-changed:resolved',
    ]);

    const other = request();
    await publish(other);
    const o = await waitForCase(other.payload.reference);
    const dup = await post(`/api/v1/cases/${other.payload.reference}/links`, {
      kind: 'duplicate-of',
      toReference: ref.toLowerCase(),
      expectedVersion: o.case.version,
    });
    expect(dup.status).toBe(201);
    expect(await dup.json()).toMatchObject({ status: 'duplicate', duplicateOf: view.case.id });
    const twice = await post(`/api/v1/cases/${other.payload.reference}/links`, {
      kind: 'related-to',
      toReference: ref,
      expectedVersion: o.case.version + 1,
    });
    expect(twice.status).toBe(409);
    const malformed = await fetch(`${url}/api/v1/cases/${ref}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser('agent-17')) },
      body: '{"text":',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors).toEqual([
      { field: '(body)', reason: expect.stringMatching(/^malformed body/) },
    ]);
    const bad = await post(`/api/v1/cases/${ref}/status`, { status: 'sleeping', expectedVersion: 1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('status');
  });

  it('an agent merges two records of one citizen: nothing is lost, it is audited, and only an administrator can reverse it', async () => {
    const email = `${randomUUID()}@example.org`;
    const phone = `+4470${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const web = request({
      contact: { firstName: 'Ingrid', lastName: 'Holm', email, phone: null, address: null },
    });
    const call1 = request({
      key: `phone:${randomUUID()}`,
      channel: 'phone',
      channelDetails: { kind: 'agent-assisted', agentId: 'agent-3', callId: 'c-1', callerNumber: phone },
      contact: { firstName: null, lastName: 'Holm', email: null, phone, address: null },
    });
    const call2 = request({
      key: `phone:${randomUUID()}`,
      channel: 'phone',
      channelDetails: { kind: 'agent-assisted', agentId: 'agent-3', callId: 'c-2', callerNumber: phone },
      contact: { firstName: null, lastName: 'Holm', email: null, phone, address: null },
    });
    for (const e of [web, call1, call2]) await publish(e);
    const [a, b] = await Promise.all([web, call1, call2].map((e) => waitForCase(e.payload.reference)));
    const survivor = a.citizen.id as string;
    const merged = b.citizen.id as string;
    expect(merged).not.toBe(survivor);
    await post(`/api/v1/cases/${call1.payload.reference}/notes`, { text: 'Called back about this' });

    // Bad input changes nothing.
    expect(
      (await post(`/api/v1/citizens/${survivor}/merges`, { mergeCitizenId: survivor, reason: 'same' }))
        .status,
    ).toBe(400);
    const noReason = await post(`/api/v1/citizens/${survivor}/merges`, { mergeCitizenId: merged });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(
      (await post(`/api/v1/citizens/not-an-id/merges`, { mergeCitizenId: merged, reason: 'same person' }))
        .status,
    ).toBe(400);
    expect(
      (
        await post(`/api/v1/citizens/${survivor}/merges`, {
          mergeCitizenId: randomUUID(),
          reason: 'same person',
        })
      ).status,
    ).toBe(404);
    expect((await (await getAs(`/api/v1/citizens/${merged}`)).json()).citizen.mergedInto).toBeNull();

    const res = await post(`/api/v1/citizens/${survivor}/merges`, {
      mergeCitizenId: merged,
      reason: 'Same person: confirmed address on the phone',
      channel: 'phone',
    });
    expect(res.status).toBe(201);
    const merge = await res.json();
    expect(merge).toMatchObject({
      survivorId: survivor,
      mergedId: merged,
      mergedBy: 'agent:agent-17',
      moved: { cases: 2, interactions: 2, contactPoints: 1 },
      reversal: null,
    });
    expect(
      (await post(`/api/v1/citizens/${survivor}/merges`, { mergeCitizenId: merged, reason: 'again' })).status,
    ).toBe(409);

    const whole = await (await getAs(`/api/v1/citizens/${survivor}`)).json();
    expect(whole.cases.map((c: { reference: string }) => c.reference).sort()).toEqual(
      [web, call1, call2].map((e) => e.payload.reference).sort(),
    );
    expect(whole.interactions).toHaveLength(3);
    expect(whole.channels.sort()).toEqual(['phone', 'web']);
    expect(whole.citizen.contactPoints).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: email },
        { kind: 'phone', value: phone },
      ]),
    );
    expect(whole.merges).toEqual([
      expect.objectContaining({ id: merge.id, reason: 'Same person: confirmed address on the phone' }),
    ]);
    const gone = await (await getAs(`/api/v1/citizens/${merged}`)).json();
    expect(gone.citizen.mergedInto).toBe(survivor);
    expect(gone.cases).toEqual([]);
    const onCase = await waitForCase(call1.payload.reference);
    expect(onCase.citizen.id).toBe(survivor);
    expect(onCase.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'created',
      'note-added',
      'citizen-merged',
    ]);
    const event = await caseEvents.waitFor(
      (m) =>
        m.json<{ type: string; payload: { mergeId: string } }>().type === 'CitizenMerged' &&
        m.json<{ payload: { mergeId: string } }>().payload.mergeId === merge.id,
    );
    expect(event.key).toBe(survivor);
    expect(event.json<{ payload: { caseIds: string[] } }>().payload.caseIds.sort()).toEqual(
      [b.case.id, (await waitForCase(call2.payload.reference)).case.id].sort(),
    );

    // The phone number now belongs to the survivor: the next call joins the whole record.
    const call3 = request({
      key: `phone:${randomUUID()}`,
      channel: 'phone',
      channelDetails: { kind: 'agent-assisted', agentId: 'agent-3', callId: 'c-3', callerNumber: phone },
      contact: { firstName: null, lastName: null, email: null, phone, address: null },
    });
    await publish(call3);
    expect((await waitForCase(call3.payload.reference)).citizen.id).toBe(survivor);

    // Only an administrator reverses; exactly what moved goes back, what came since stays.
    const reversal = `/api/v1/citizen-merges/${merge.id}/reversal`;
    const send = async (user: DemoUser | null) =>
      fetch(`${url}${reversal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user ? await asUser(user) : {}) },
        body: JSON.stringify({ reason: 'Two people after all' }),
      });
    expect((await send(null)).status).toBe(401);
    expect((await send('agent-17')).status).toBe(403);
    const reversed = await send('admin-1');
    expect(reversed.status).toBe(200);
    expect((await reversed.json()).reversal).toMatchObject({
      by: 'admin:admin-1',
      reason: 'Two people after all',
    });
    expect((await send('admin-1')).status).toBe(409);
    const back = await (await getAs(`/api/v1/citizens/${merged}`)).json();
    expect(back.citizen.mergedInto).toBeNull();
    expect(back.cases.map((c: { reference: string }) => c.reference).sort()).toEqual(
      [call1, call2].map((e) => e.payload.reference).sort(),
    );
    expect(back.citizen.contactPoints).toEqual([{ kind: 'phone', value: phone }]);
    const survivorAfter = await (await getAs(`/api/v1/citizens/${survivor}`)).json();
    expect(survivorAfter.cases.map((c: { reference: string }) => c.reference).sort()).toEqual(
      [web, call3].map((e) => e.payload.reference).sort(),
    );
    expect(
      (await waitForCase(call1.payload.reference)).timeline.map((t: { kind: string }) => t.kind),
    ).toEqual(['created', 'note-added', 'citizen-merged', 'citizen-unmerged']);
    await caseEvents.waitFor(
      (m) =>
        m.json<{ type: string; payload: { mergeId: string } }>().type === 'CitizenMergeReversed' &&
        m.json<{ payload: { mergeId: string } }>().payload.mergeId === merge.id,
    );
  });

  it("another city's records on the same database stay out of this city's answers", async () => {
    const email = `${randomUUID()}@example.org`;
    const key = `web:${randomUUID()}`;
    const base = request({
      key,
      contact: { firstName: 'Other', lastName: 'City', email, phone: null, address: null },
    });
    const theirs: RequestReceivedV1 = {
      ...base,
      tenantId: 'other-city',
      eventId: eventIdFromKey('other-city', key),
      payload: { ...base.payload, reference: referenceFromKey('other-city', key) },
    };
    // Stored as the other city's case-service on the same database stores it (this one refuses it on the stream).
    await app.get(OpenCaseUseCase).execute([theirs]);
    const ds = app.get(DataSource);
    const deadline = Date.now() + 15_000;
    let row: { id: string; party_id: string } | undefined;
    while (!row && Date.now() < deadline) {
      [row] = await ds.query(
        `SELECT id, party_id FROM "${schema}".cases WHERE tenant_id = 'other-city' AND reference = $1`,
        [theirs.payload.reference],
      );
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toBeDefined();
    expect((await getAs(`/api/v1/cases/${theirs.payload.reference}`)).status).toBe(404);
    expect((await (await getAs(`/api/v1/cases?email=${encodeURIComponent(email)}`)).json()).cases).toEqual(
      [],
    );
    expect((await getAs(`/api/v1/citizens/${row!.party_id}`)).status).toBe(404);
    const ours = request();
    await publish(ours);
    const mine = await waitForCase(ours.payload.reference);
    expect(
      (
        await post(`/api/v1/citizens/${mine.citizen.id}/merges`, {
          mergeCitizenId: row!.party_id,
          reason: 'same person?',
        })
      ).status,
    ).toBe(404);
    expect((await post(`/api/v1/cases/${theirs.payload.reference}/notes`, { text: 'not ours' })).status).toBe(
      404,
    );
  });

  it('a request of another city on the stream is dead-lettered with the reason and opens no case', async () => {
    const key = `web:${randomUUID()}`;
    const base = request({ key });
    const theirs: RequestReceivedV1 = {
      ...base,
      tenantId: 'other-city',
      eventId: eventIdFromKey('other-city', key),
      payload: { ...base.payload, reference: referenceFromKey('other-city', key) },
    };
    await publish(theirs);
    const dead = await dlq.waitFor((m) => (m.value ?? '').includes(theirs.eventId), 20_000);
    expect(dead.headers['dlq-error']).toBe(
      "event.other-tenant: tenant other-city is not this service's (default)",
    );
    // The stream goes on: a request of this city after it becomes its case.
    const ours = request();
    await publish(ours);
    const ds = app.get(DataSource);
    const caseOf = async (reference: string) =>
      (await ds.query(`SELECT id, tenant_id FROM "${schema}".cases WHERE reference = $1`, [
        reference,
      ])) as Array<{ id: string; tenant_id: string }>;
    const deadline = Date.now() + 15_000;
    while ((await caseOf(ours.payload.reference)).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await caseOf(ours.payload.reference)).toEqual([expect.objectContaining({ tenant_id: 'default' })]);
    expect(await caseOf(theirs.payload.reference)).toEqual([]);
    expect(
      await ds.query(`SELECT id FROM "${schema}".contact_points WHERE value = $1`, [
        base.payload.contact!.email,
      ]),
    ).toEqual([]);
    expect(
      caseEvents.filter((m) => m.json<CaseOpenedV1>().payload.reference === theirs.payload.reference),
    ).toEqual([]);
  });

  it('agents search by reference, name, email, phone, address, service, status and queue; and open the citizen 360', async () => {
    const surname = `Zeta${randomUUID().slice(0, 6)}`;
    const email = `${randomUUID()}@example.org`;
    const e = request({
      contact: { firstName: 'Ines', lastName: surname, email, phone: '+31687654321', address: null },
      location: { lat: 52.1, long: 4.3, address: `${surname} Street 5, Delft`, propertyId: null },
    });
    await publish(e);
    const v = await waitForCase(e.payload.reference);
    const find = async (q: string) =>
      (await (await getAs(`/api/v1/cases?${q}`)).json()).cases.map((c: { reference: string }) => c.reference);
    expect(await find(`reference=${e.payload.reference}`)).toEqual([e.payload.reference]);
    expect(await find(`name=ines%20${surname.toLowerCase()}`)).toEqual([e.payload.reference]);
    expect(await find(`email=${encodeURIComponent(email.toUpperCase())}`)).toEqual([e.payload.reference]);
    expect(await find(`address=${surname}%20street`)).toEqual([e.payload.reference]);
    expect(await find(`name=${surname}&service=pothole&status=received&queue=highways`)).toEqual([
      e.payload.reference,
    ]);
    expect(await find(`name=${surname}&status=closed`)).toEqual([]);
    expect(await find(`phone=%2B31687654321`)).toContain(e.payload.reference);
    expect((await getAs(`/api/v1/cases?colour=red`)).status).toBe(400);
    const c360 = await (await getAs(`/api/v1/citizens/${v.citizen.id}`)).json();
    expect(c360.citizen).toMatchObject({ firstName: 'Ines', lastName: surname });
    expect(c360.cases.map((c: { reference: string }) => c.reference)).toContain(e.payload.reference);
    expect(c360.interactions.length).toBeGreaterThan(0);
    expect((await getAs(`/api/v1/citizens/${randomUUID()}`)).status).toBe(404);
  });

  it("folds the workflow's facts into the case: queue, priority, assignee, due times and SLA events, once each", async () => {
    const e = request();
    await publish(e);
    const v = await waitForCase(e.payload.reference);
    const about = { caseId: v.case.id, reference: e.payload.reference };
    const fact = <P extends object>(c: { type: string; version: number }, payload: P) =>
      createEnvelope(c, {
        tenantId: 'default',
        correlationId: e.correlationId,
        causationId: e.eventId,
        payload: { ...about, at: new Date().toISOString(), ...payload },
      });
    const facts = [
      fact(caseRoutedV1, { queue: 'highways-north', priority: 1, skills: [], rule: 'hazard' }),
      fact(dueTimesSetV1, {
        firstResponseDueAt: '2026-11-30T09:00:00.000Z',
        resolutionDueAt: '2026-12-04T17:00:00.000Z',
        calendar: 'city',
      }),
      fact(caseAssignedV1, { queue: 'highways-north', assignee: 'crew-4', by: 'take-next' }),
      fact(slaWarningV1, { target: 'resolution', dueAt: '2026-12-04T17:00:00.000Z', elapsedShare: 0.75 }),
      fact(slaBreachedV1, {
        target: 'resolution',
        dueAt: '2026-12-04T17:00:00.000Z',
        escalatedTo: 'highways-supervisors',
      }),
    ];
    for (const f of facts) await publisher.publish(prefix + TOPICS.workflowEvents, v.case.id, f);
    await publisher.publish(prefix + TOPICS.workflowEvents, v.case.id, facts[0]); // redelivered
    const deadline = Date.now() + 15_000;
    let view = v;
    while (Date.now() < deadline && view.timeline.length < 6) view = await waitForCase(e.payload.reference);
    expect(view.case).toMatchObject({
      status: 'open',
      queue: 'highways-north',
      priority: 1,
      assignee: 'crew-4',
      dueAt: { firstResponse: '2026-11-30T09:00:00.000Z', resolution: '2026-12-04T17:00:00.000Z' },
    });
    expect(view.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'created',
      'routed',
      'due-times-set',
      'assigned',
      'sla-warning',
      'sla-breached',
    ]);
    expect(view.timeline[5].summary).toBe(
      'The resolution target was missed (due 2026-12-04T17:00:00.000Z); escalated to highways-supervisors',
    );

    // The workflow says the quiet period after resolution is over: a case still open stays open...
    const closeDue = fact(caseCloseDueV1, {
      resolvedAt: '2026-12-04T09:00:00.000Z',
      period: '5 working-days',
    });
    await publisher.publish(prefix + TOPICS.workflowEvents, v.case.id, closeDue);
    await publisher.publish(
      prefix + TOPICS.workflowEvents,
      v.case.id,
      fact(caseAssignedV1, { queue: 'highways-north', assignee: 'crew-5', by: 'reassigned:supervisor-1' }),
    );
    for (let i = 0; i < 200 && view.case.assignee !== 'crew-5'; i++)
      view = await waitForCase(e.payload.reference);
    expect(view.case).toMatchObject({ assignee: 'crew-5', status: 'open' });
    // ...a resolved one closes, on its timeline and as CaseChanged.
    const resolved = await post(`/api/v1/cases/${e.payload.reference}/status`, {
      status: 'resolved',
      reason: 'Repaired',
      expectedVersion: view.case.version,
    });
    expect(resolved.status).toBe(200);
    await publisher.publish(
      prefix + TOPICS.workflowEvents,
      v.case.id,
      fact(caseCloseDueV1, { resolvedAt: new Date().toISOString(), period: '5 working-days' }),
    );
    let closed = await waitForCase(e.payload.reference);
    for (let i = 0; i < 200 && closed.case.status !== 'closed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      closed = await waitForCase(e.payload.reference);
    }
    expect(closed.case.status).toBe('closed');
    expect(
      closed.timeline
        .filter((t: { kind: string }) => t.kind === 'status-changed')
        .map((t: { summary: string }) => t.summary),
    ).toEqual([
      'open → resolved: Repaired',
      'resolved → closed: Closed automatically: not reopened within 5 working days of resolution',
    ]);
    const changed = await caseEvents.waitFor(
      (m) =>
        m.key === v.case.id && m.json<{ type: string; payload: { to?: string } }>().payload.to === 'closed',
    );
    expect(changed.json()).toMatchObject({
      type: 'CaseChanged',
      payload: { change: 'status-changed', from: 'resolved', to: 'closed', actor: 'workflow-service' },
    });
  });

  it('a served counter visit becomes a counter-visit contact on the case and the citizen; a no-show is not a contact', async () => {
    const email = `${randomUUID()}@example.org`;
    const e = request({
      contact: { firstName: 'Pieter', lastName: 'Bakker', email, phone: null, address: null },
    });
    await publish(e);
    const v = await waitForCase(e.payload.reference);
    const visit = (over: Partial<CounterVisitEndedV1['payload']>) =>
      createEnvelope(counterVisitEndedV1, {
        tenantId: 'default',
        correlationId: randomUUID(),
        payload: {
          ...counterVisitEndedV1.example.payload,
          ticketId: randomUUID(),
          caseReference: null,
          contact: null,
          ...over,
        },
      });
    const served = visit({
      caseReference: e.payload.reference,
      ticket: 'P012',
      clerkId: 'clerk-7',
      counter: '4',
    });
    const walkIn = visit({ contact: { email, phone: null }, ticket: 'A033' }); // no case: found by the email left with the ticket
    const noShow = visit({ caseReference: e.payload.reference, outcome: 'no-show', ticket: 'P013' });
    for (const x of [served, walkIn, noShow])
      await publisher.publish(prefix + TOPICS.workflowEvents, x.payload.ticketId, x);
    let citizen = await (await getAs(`/api/v1/citizens/${v.citizen.id}`)).json();
    for (let i = 0; i < 200 && citizen.interactions.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      citizen = await (await getAs(`/api/v1/citizens/${v.citizen.id}`)).json();
    }
    expect(citizen.interactions.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'counter-visit',
      'counter-visit',
      'web-submission',
    ]);
    expect(citizen.channels.sort()).toEqual(['counter', 'web']);
    const onCase = await waitForCase(e.payload.reference);
    expect(onCase.timeline.filter((t: { kind: string }) => t.kind === 'contact')).toEqual([
      expect.objectContaining({
        actor: 'clerk:clerk-7',
        channel: 'counter',
        summary: expect.stringMatching(/^Counter visit P012 at town-hall, counter 4/),
      }),
    ]);
  });

  describe('Open311 reads: only what the catalogue makes public', () => {
    // The gateway asks with its service token; agents open cases with theirs.
    const open311 = async (query: Record<string, string>) => {
      const r = await fetch(`${url}/api/v1/open311/requests?${new URLSearchParams(query)}`, {
        headers: { authorization: `Bearer ${await serviceTokenOf('intake-gateway')}` },
      });
      return { status: r.status, body: await r.json() };
    };
    const opened = async (reference: string) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await fetch(`${url}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') });
        if (r.status === 200) return;
        if (Date.now() > deadline) throw new Error(`case ${reference} not visible: ${r.status}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    };
    // Each test's cases are received at a minute of their own (1 June 2026, 10:xx), so a date window finds only them.
    const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString();
    const window = (from: number, to: number) => ({ start_date: at(from), end_date: at(to) });
    const housingRepair = (over: Partial<RequestReceivedV1Payload> = {}) =>
      request({
        service: {
          code: 'housing-repair',
          version: 2,
          lgslId: 141,
          interaction: 'applications-for-service',
          defaultQueue: 'housing-repairs',
        },
        attributes: { room: 'bedroom', 'repair-type': 'damp', emergency: 'no' },
        description: 'Black mould behind the wardrobe; my son has asthma',
        location: {
          lat: 51.4 + Math.random() / 10,
          long: -0.1,
          address: 'Flat 4, 12 Elm Grove',
          propertyId: null,
        },
        ...over,
      });

    it('a case of a service the catalogue does not mark public (a housing repair) is neither listed nor found by its reference', async () => {
      const housing = housingRepair({ receivedAt: at(1) });
      const pothole = request({ receivedAt: at(1) });
      for (const e of [housing, pothole]) await publish(e);
      for (const e of [housing, pothole]) await opened(e.payload.reference);

      const list = await open311(window(0, 2));
      expect(list.status).toBe(200);
      const listed = list.body.requests.map((r: { service_request_id: string }) => r.service_request_id);
      expect(listed).toContain(pothole.payload.reference);
      expect(listed).not.toContain(housing.payload.reference);
      expect(JSON.stringify(list.body)).not.toContain('mould');

      // By its reference, and by its service code: nothing, as for a reference that does not exist.
      const byId = await open311({ service_request_id: housing.payload.reference });
      const noSuch = await open311({ service_request_id: referenceFromKey('default', randomUUID()) });
      expect(byId).toEqual(noSuch);
      expect(byId.body.requests).toEqual([]);
      expect((await open311({ ...window(0, 2), service_code: 'housing-repair' })).body.requests).toEqual([]);
      expect((await open311({ service_request_id: pothole.payload.reference })).body.requests).toEqual([
        expect.objectContaining({ service_request_id: pothole.payload.reference, service_code: 'pothole' }),
      ]);
    });

    it('status_notes is the latest note an agent marked shared: never an internal note, nor the reason typed with a status change', async () => {
      const e = request({ receivedAt: at(3) });
      await publish(e);
      await opened(e.payload.reference);
      const ref = e.payload.reference;
      // What agents do on the case (the agent API's use case; who they are comes from their token there).
      const addNote = app.get(AddNoteUseCase);
      await addNote.execute('default', ref, {
        text: 'Crew booked for Tuesday',
        visibility: 'shared',
        actor: 'clerk:c-4',
      });
      const internal = await addNote.execute('default', ref, {
        text: 'Resident at no. 4 is aggressive, send two',
        visibility: 'internal',
        actor: 'agent:a-1',
      });
      await app.get(ChangeStatusUseCase).execute('default', ref, {
        status: 'in-progress',
        reason: 'Key safe code 4471 from the caretaker',
        actor: 'agent:a-1',
        expectedVersion: internal.version,
      });

      const [read] = (await open311({ service_request_id: ref })).body.requests;
      expect(read).toMatchObject({
        service_request_id: ref,
        status: 'open',
        status_notes: 'Crew booked for Tuesday',
      });
      const listed = (await open311(window(3, 4))).body;
      expect(
        listed.requests.find((r: { service_request_id: string }) => r.service_request_id === ref),
      ).toMatchObject({ status_notes: 'Crew booked for Tuesday' });
      expect(JSON.stringify(listed)).not.toMatch(/aggressive|4471/);
    });

    it('a public service the catalogue marks coarse (a missed bin) shows its place to about 100 m and no address; an exact one (a pothole) as reported', async () => {
      const propertyId = String(100000000000 + Math.floor(Math.random() * 1e9));
      const bin = request({
        receivedAt: at(5),
        service: {
          code: 'missed-bin',
          version: 2,
          lgslId: 524,
          interaction: 'reporting',
          defaultQueue: 'waste',
        },
        attributes: { 'bin-type': 'recycling', 'collection-date': '2026-05-31', 'out-by-7': 'yes' },
        description: 'Not collected again',
        location: { lat: 51.507234, long: -0.127612, address: '14 Station Road', propertyId },
      });
      const lat = 48 + Math.random();
      const pothole = request({
        receivedAt: at(5),
        location: { lat, long: 3.123456, address: 'Coolsingel 40', propertyId: null },
      });
      for (const e of [bin, pothole]) await publish(e);
      for (const e of [bin, pothole]) await opened(e.payload.reference);

      const { requests } = (await open311(window(5, 6))).body;
      const of = (ref: string) =>
        requests.find((r: { service_request_id: string }) => r.service_request_id === ref);
      expect(of(bin.payload.reference)).toMatchObject({
        service_code: 'missed-bin',
        lat: 51.507,
        long: -0.128,
        address: null,
        address_id: null,
      });
      expect(JSON.stringify(requests)).not.toContain('Station Road');
      expect(of(pothole.payload.reference)).toMatchObject({
        service_code: 'pothole',
        lat,
        long: 3.123456,
        address: 'Coolsingel 40',
      });
    });

    it("a report joined to an earlier one shows that one's status and expected date and names it, as the IVR says", async () => {
      const place = {
        lat: 45 + Math.random(),
        long: 5 + Math.random(),
        address: 'Kerkstraat 1',
        propertyId: null,
      };
      const original = request({ receivedAt: at(7), location: place });
      await publish(original);
      await opened(original.payload.reference);
      const { case: o } = await waitForCase(original.payload.reference);
      await publisher.publish(
        prefix + TOPICS.workflowEvents,
        o.id,
        createEnvelope(dueTimesSetV1, {
          tenantId: 'default',
          correlationId: original.correlationId,
          causationId: original.eventId,
          payload: {
            caseId: o.id,
            reference: original.payload.reference,
            at: new Date().toISOString(),
            firstResponseDueAt: '2026-06-02T09:00:00.000Z',
            resolutionDueAt: '2026-06-05T17:00:00.000Z',
            calendar: 'city',
          },
        }),
      );
      const deadline = Date.now() + 15_000;
      for (let v = o; !v.dueAt.resolution; v = (await waitForCase(original.payload.reference)).case)
        if (Date.now() > deadline) throw new Error('the due times were not folded in');
      // The same pothole reported again, a few metres away: the intake joins it to the first.
      const again = request({ receivedAt: at(7), location: { ...place, lat: place.lat + 0.00002 } });
      await publish(again);
      await opened(again.payload.reference);
      expect((await waitForCase(again.payload.reference)).case.status).toBe('duplicate');

      const [dup] = (await open311({ service_request_id: again.payload.reference })).body.requests;
      expect(dup).toMatchObject({
        service_request_id: again.payload.reference,
        status: 'open',
        status_notes: `Reported before as ${original.payload.reference}; this report follows it.`,
        expected_datetime: '2026-06-05T17:00:00.000Z',
      });
      const listed = (await open311({ ...window(7, 8), status: 'open' })).body.requests;
      expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(
        expect.arrayContaining([original.payload.reference, again.payload.reference]),
      );
      const ivr = await fetch(`${url}/api/v1/ivr/requests/${again.payload.reference}/status`, {
        headers: { authorization: `Bearer ${await serviceTokenOf('intake-gateway')}` },
      });
      expect(await ivr.text()).toMatch(
        new RegExp(
          `^Your pothole request, received on 1 June, joined an earlier report of the same problem, reference ${original.payload.reference}, which .+\\. It should be dealt with by 5 June\\.$`,
        ),
      );

      // Once the first is resolved, so is the answer for the second.
      const { case: now } = await waitForCase(original.payload.reference);
      await app.get(ChangeStatusUseCase).execute('default', original.payload.reference, {
        status: 'resolved',
        reason: 'Filled',
        actor: 'agent:a-1',
        expectedVersion: now.version,
      });
      expect((await open311({ service_request_id: again.payload.reference })).body.requests[0]).toMatchObject(
        {
          status: 'closed',
          status_notes: `Reported before as ${original.payload.reference}; this report follows it.`,
        },
      );
      const closed = (await open311({ ...window(7, 8), status: 'closed' })).body.requests;
      expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(
        again.payload.reference,
      );
    });

    it('refuses a date range over 90 days and a page size over 100, naming the field', async () => {
      const long = await open311({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' });
      expect(long.status).toBe(400);
      expect(long.body.errors).toEqual([{ field: 'start_date', reason: expect.stringContaining('90 days') }]);
      // From a start date alone the range runs to now.
      const open = await open311({ start_date: new Date(Date.now() - 120 * 24 * 3600_000).toISOString() });
      expect(open.status).toBe(400);
      expect(open.body.errors).toEqual([{ field: 'start_date', reason: expect.stringContaining('90 days') }]);
      const big = await open311({ page_size: '500' });
      expect(big.status).toBe(400);
      expect(big.body.errors).toEqual([{ field: 'page_size', reason: expect.stringContaining('100') }]);
      expect((await open311({ ...window(0, 10), page_size: '100' })).status).toBe(200);
      expect(
        (await open311({ start_date: new Date(Date.now() - 89 * 24 * 3600_000).toISOString() })).status,
      ).toBe(200);
    });
  });

  it('is ready with Postgres, Kafka and its consumers', async () => {
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    // Its consumers count too: a stopped or crashed one makes the service not ready.
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: {
        accepting: 'up',
        postgres: 'up',
        kafka: 'up',
        'kafka-consumer:case-service.intake': 'up',
        'kafka-consumer:case-service.workflow': 'up',
        'kafka-consumer:case-service.notifications': 'up',
        'kafka-consumer:case-service.screen-pops': 'up',
      },
    });
  });
});
