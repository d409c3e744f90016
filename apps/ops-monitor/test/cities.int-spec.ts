import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { caseOpenedV1, createEnvelope, TOPICS, type LiveFigures } from '@city/contracts';
import { createIdempotentProducer, createKafka, EventPublisher } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  asUser,
  EventStream,
  publishServices,
  repositoryCatalogue,
  startServiceUnderTest,
  type DemoUser,
  type StreamedEvent,
} from '@city/platform-testing';
import { createOpsMonitor } from '../src/bootstrap';
import { loadOpsConfig, type OpsConfig } from '../src/config';

/**
 * One ops-monitor serving two cities (issue 15, docs/multi-tenancy.md): each city's staff see their
 * own city's live board (its queues, districts and counters, by its own routing file), reports and
 * ambitions, and nothing of the other's; the deployment's dead letters are its own city's operators'.
 * Real Kafka, Postgres and Keycloak tokens.
 */
describe('ops-monitor: two cities on one service (real Kafka, Postgres, Keycloak)', () => {
  // The other city's routing: a district of its own (Göteborg's centre), and one office with counters.
  const dir = mkdtempSync(join(tmpdir(), 'ops-cities-'));
  const routing = parse(readFileSync('catalogue/routing.yaml', 'utf8'));
  routing.calendar.timeZone = 'Europe/Stockholm';
  routing.areas = [
    {
      id: 'centrum',
      name: 'Göteborg centrum',
      polygon: [
        [57.69, 11.94],
        [57.72, 11.94],
        [57.72, 12.0],
        [57.69, 12.0],
      ],
    },
  ];
  routing.rules = routing.rules.filter((r: { when: { areas?: string[] } }) => !r.when.areas);
  routing.counters.offices = [{ id: 'stadsbibliotek', name: 'Stadsbiblioteket' }];
  mkdirSync(join(dir, 'other-city'));
  writeFileSync(join(dir, 'other-city', 'routing.yaml'), stringify(routing));
  // The other city shares its figures for comparison; the demo city, here, does not.
  writeFileSync(join(dir, 'other-city', 'city.yaml'), 'name: Göteborg\ncompare: true\n');

  let service: { url: string; config: OpsConfig; close: () => Promise<void> };
  let publisher: EventPublisher;
  const get = async (path: string, who: DemoUser) =>
    fetch(`${service.url}${path}`, { headers: await asUser(who) });
  const put = async (path: string, who: DemoUser, body: unknown) =>
    fetch(`${service.url}${path}`, {
      method: 'PUT',
      headers: { ...(await asUser(who)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** A case opened today in a city, in a queue, at a place. */
  const open = (city: string, code: string, queue: string, at: { lat: number; long: number }) => {
    const caseId = randomUUID();
    const base = caseOpenedV1.example.payload;
    const now = new Date().toISOString();
    return publisher.publish(
      service.config.KAFKA_TOPIC_PREFIX + TOPICS.caseEvents,
      caseId,
      createEnvelope(caseOpenedV1, {
        tenantId: city,
        correlationId: randomUUID(),
        payload: {
          ...base,
          caseId,
          service: { ...base.service, code, defaultQueue: queue },
          status: 'received',
          channel: 'web',
          location: { ...at, address: null, propertyId: null },
          duplicateOf: null,
          receivedAt: now,
          openedAt: now,
        },
      }) as never,
    );
  };
  const boardOf = async (who: DemoUser, ready: (f: LiveFigures) => boolean): Promise<LiveFigures> => {
    let last: LiveFigures | null = null;
    for (let i = 0; i < 200; i++) {
      const res = await get('/api/v1/live', who);
      expect(res.status).toBe(200);
      last = (await res.json()) as LiveFigures;
      if (ready(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${who}'s board never got there: ${JSON.stringify(last?.byQueue)}`);
  };
  const keys = (groups: Array<{ key: string }>) => groups.map((g) => g.key);

  beforeAll(async () => {
    service = await startServiceUnderTest({
      label: 'ops_cities',
      load: (env) =>
        loadOpsConfig({
          ...env,
          CITIES: 'default,other-city',
          CITIES_DIR: dir,
          LIVE_PUSH_INTERVAL_MS: '100',
        }),
      create: (c) => createOpsMonitor(c),
    });
    const kafka = createKafka(
      {
        clientId: 'ops-cities-test',
        brokers: service.config.KAFKA_BROKERS,
        topicPrefix: service.config.KAFKA_TOPIC_PREFIX,
      },
      createLogger('test', 'silent'),
    );
    publisher = new EventPublisher(createIdempotentProducer(kafka), { maxBatch: 50, ackTimeoutMs: 10_000 });
    for (let i = 0; i < 300 && (await fetch(`${service.url}/health/ready`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
    for (const city of ['default', 'other-city'])
      await publishServices(
        publisher,
        service.config.KAFKA_TOPIC_PREFIX + TOPICS.catalogueServices,
        repositoryCatalogue(),
        city,
      );
    await open('default', 'missed-bin', 'waste', { lat: 51.95, long: 4.45 });
    await open('other-city', 'pothole', 'vagar', { lat: 57.7, long: 11.97 });
  }, 90_000);

  afterAll(async () => {
    await publisher?.close();
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("each city's live board: its queues, its districts by its own areas, its own counters", async () => {
    const theirs = await boardOf('supervisor-other', (f) => keys(f.byQueue).includes('vagar'));
    expect(keys(theirs.byQueue)).not.toContain('waste');
    expect(keys(theirs.byDistrict)).toContain('centrum');
    expect(keys(theirs.byService)).not.toContain('missed-bin');
    expect([...new Set(theirs.counters.map((c) => c.office))]).toEqual(['stadsbibliotek']);

    const ours = await boardOf('supervisor-1', (f) => keys(f.byQueue).includes('waste'));
    expect(keys(ours.byQueue)).not.toContain('vagar');
    expect(keys(ours.byDistrict)).toContain('noord');
    expect(keys(ours.byDistrict)).not.toContain('centrum');
    expect(ours.counters.map((c) => c.office)).toContain('town-hall');
    expect(ours.counters.map((c) => c.office)).not.toContain('stadsbibliotek');
  });

  it("a city's open stream is pushed its own city's board when its facts change it", async () => {
    await boardOf('supervisor-other', (f) => keys(f.byQueue).includes('vagar'));
    const stream = await EventStream.open(
      `${service.url}/api/v1/live/stream`,
      await asUser('supervisor-other'),
    );
    const figures = (e: StreamedEvent) => e.data as LiveFigures;
    try {
      const first = figures(await stream.waitFor('figures'));
      expect(keys(first.byQueue)).toContain('vagar');
      expect(keys(first.byQueue)).not.toContain('waste');
      await open('other-city', 'graffiti', 'parker', { lat: 57.7, long: 11.97 });
      const pushed = figures(
        await stream.waitFor('figures', (e) => keys(figures(e).byQueue).includes('parker'), 20_000),
      );
      expect(keys(pushed.byQueue)).not.toContain('waste');
    } finally {
      stream.close();
    }
  });

  it("each city's reports count its own cases only", async () => {
    await boardOf('supervisor-other', (f) => keys(f.byQueue).includes('vagar'));
    const today = new Date().toISOString().slice(0, 10);
    const theirs = await (
      await get(`/api/v1/reports/standard-of-service?from=${today}&to=${today}`, 'supervisor-other')
    ).json();
    expect(theirs.services.map((s: { serviceCode: string }) => s.serviceCode)).not.toContain('missed-bin');
    expect(theirs.services.map((s: { serviceCode: string }) => s.serviceCode)).toContain('pothole');
    const ours = await (
      await get(`/api/v1/reports/standard-of-service?from=${today}&to=${today}`, 'supervisor-1')
    ).json();
    expect(ours.services.map((s: { serviceCode: string }) => s.serviceCode)).toEqual(['missed-bin']);
  });

  it('cities compare by the national service list only with their consent', async () => {
    await boardOf('supervisor-other', (f) => keys(f.byQueue).includes('vagar'));
    const today = new Date().toISOString().slice(0, 10);
    // The demo city shares nothing here, so it sees nothing of Göteborg's.
    const refused = await get(`/api/v1/reports/comparison?from=${today}&to=${today}`, 'supervisor-1');
    expect(refused.status).toBe(403);
    expect((await refused.json()).errors).toEqual([
      { field: 'city', reason: expect.stringMatching(/compare: true/) },
    ]);
    // Göteborg shares, and sees the comparing cities: itself alone, not the demo city's figures.
    const c = await (
      await get(`/api/v1/reports/comparison?from=${today}&to=${today}`, 'supervisor-other')
    ).json();
    expect(c.cities).toEqual([{ city: 'other-city', name: 'Göteborg' }]);
    const potholes = c.rows.find((r: { lgslId: number }) => r.lgslId === 557);
    expect(potholes.cities['other-city']).toMatchObject({
      services: ['pothole'],
      requests: expect.any(Number),
    });
    expect(potholes.cities['other-city'].requests).toBeGreaterThanOrEqual(1);
    expect(Object.keys(potholes.cities)).toEqual(['other-city']);
  });

  it("a city's administrator records their own city's ambitions, and nobody else's", async () => {
    const before = await (await get('/api/v1/self-assessment/ambitions', 'supervisor-1')).json();
    const res = await put('/api/v1/self-assessment/ambitions', 'admin-other', {
      city: { offerOnline: true, digitalTakeUpPercent: 90, withinSlaPercent: 95 },
      reason: 'our own council decided',
    });
    expect(res.status).toBe(200);
    const theirs = await (await get('/api/v1/self-assessment/ambitions', 'supervisor-other')).json();
    expect(theirs.ambitions).toEqual([
      expect.objectContaining({ lgslId: null, digitalTakeUpPercent: 90, withinSlaPercent: 95 }),
    ]);
    expect(await (await get('/api/v1/self-assessment/ambitions', 'supervisor-1')).json()).toEqual(before);
  });

  it("dead letters are the deployment's: its own city's operators see them, another city's staff do not", async () => {
    expect((await get('/api/v1/dead-letters', 'ops-1')).status).toBe(200);
    const refused = await get('/api/v1/dead-letters', 'supervisor-other');
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toMatch(/deployment's/);
  });
});
