import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TOPICS, type RequestReceivedV1 } from '@city/contracts';
import { asUser, publishServices, repositoryCatalogue } from '@city/platform-testing';
import { signTelephonyBody } from '../src/phone/telephony.http.controller';
import { form, json, pothole, startGateway, type Harness } from './gateway.harness';

/**
 * One intake gateway serving two cities (issue 15, docs/multi-tenancy.md): every channel's request
 * lands as the city it is for (the portal's X-City, a person's token, the kiosk's registration,
 * Open311's jurisdiction_id), is checked against that city's own services, and says nothing of the
 * other's. Real Kafka, Redis and Keycloak tokens.
 */
describe('intake gateway: two cities on one gateway (real Kafka, Redis, Keycloak)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-cities-'));
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  // The other city: its own Open311 jurisdiction, and a kiosk of its own beside the demo ones.
  mkdirSync(join(dir, 'other-city'));
  writeFileSync(join(dir, 'other-city', 'city.yaml'), 'name: Other City\njurisdiction: other.example\n');
  const clients = parse(readFileSync('demo/clients.yaml', 'utf8'));
  clients.kiosks.push({
    deviceId: 'kiosk-other-01',
    location: 'Other City library',
    city: 'other-city',
    tokenHash: sha('other-kiosk-token'),
  });
  writeFileSync(join(dir, 'clients.yaml'), stringify(clients));
  // The other city offers potholes and graffiti only.
  const theirs = repositoryCatalogue().filter((s) => ['pothole', 'graffiti'].includes(s.code));

  let h: Harness;
  const post = (path: string, init: RequestInit) => fetch(`${h.url}${path}`, init);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.url}${path}`, { headers });
  /** The RequestReceived of a reference, as the intake topic has it. */
  const eventOf = async (res: Response): Promise<RequestReceivedV1> => {
    const body = await res.json();
    if (res.status !== 202) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
    const { reference } = body;
    const m = await h.intake.waitFor((x) => x.json<RequestReceivedV1>().payload.reference === reference);
    const e = m.json<RequestReceivedV1>();
    expect(m.key).toBe(`${e.tenantId}:${e.payload.idempotencyKey}`);
    return e;
  };
  const other = { 'x-city': 'other-city' };
  const THEIR_TELEPHONY_SECRET = 'other-city-telephony-secret';
  /** A call event as a telephony platform sends it: signed with `secret`, naming `city` in X-City (or none). */
  const callEvent = (secret: string, city: string | null) => {
    const at = Math.floor(Date.now() / 1000);
    const callId = `call-${randomUUID()}`;
    const body = JSON.stringify({
      event: 'call.started',
      callId,
      callerNumber: '0701234567',
      agentId: 'agent-o',
    });
    return {
      callId,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telephony-timestamp': String(at),
          'x-telephony-signature': signTelephonyBody(secret, at, body),
          ...(city ? { 'x-city': city } : {}),
        },
        body,
      },
    };
  };

  beforeAll(async () => {
    h = await startGateway({
      CITIES: 'default,other-city',
      CITIES_DIR: dir,
      CLIENTS_FILE: join(dir, 'clients.yaml'),
      // The other city's telephony platform has a secret of its own; the demo city has the shared one.
      TELEPHONY_WEBHOOK_SECRETS: JSON.stringify({ 'other-city': THEIR_TELEPHONY_SECRET }),
    });
    await publishServices(h.publisher, h.prefix + TOPICS.catalogueServices, theirs, 'other-city');
    for (let i = 0; i < 100; i++) {
      const r = await get('/api/v1/services', other);
      if (r.status === 200 && (await r.json()).length === theirs.length) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the portal names its city: each city's services, and a request of that city", async () => {
    const missing = await get('/api/v1/services');
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors).toEqual([
      { field: 'X-City', reason: expect.stringMatching(/^required/) },
    ]);
    const unknown = await get('/api/v1/services', { 'x-city': 'nowhere' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0].field).toBe('X-City');

    const list = (await (await get('/api/v1/services', other)).json()) as Array<{ code: string }>;
    expect(list.map((s) => s.code).sort()).toEqual(['graffiti', 'pothole']);
    const ours = (await (await get('/api/v1/services', { 'x-city': 'default' })).json()) as unknown[];
    expect(ours.length).toBeGreaterThan(theirs.length);
    expect((await get('/api/v1/services/missed-bin', other)).status).toBe(404);
    expect((await get('/api/v1/services/missed-bin', { 'x-city': 'default' })).status).toBe(200);

    const key = `cities-${randomUUID()}`;
    const e = await eventOf(
      await post('/api/v1/requests', json(pothole('web-other'), { ...other, 'idempotency-key': key })),
    );
    expect(e.tenantId).toBe('other-city');
    // The same key at the other city's door is another request, of that city.
    const d = await eventOf(
      await post(
        '/api/v1/requests',
        json(pothole('web-ours'), { 'x-city': 'default', 'idempotency-key': key }),
      ),
    );
    expect(d.tenantId).toBe('default');
    expect(d.payload.reference).not.toBe(e.payload.reference);
    // A service only this city offers is refused at the other's door.
    const bin = await post(
      '/api/v1/requests',
      json({ ...pothole('bin'), serviceCode: 'missed-bin', attributes: {} }, other),
    );
    expect(bin.status).toBe(400);
    expect((await bin.json()).errors[0].field).toBe('serviceCode');
  });

  it("a signed-in person's city is their token's, whatever header they send", async () => {
    // On a public route too: Karin's token says Göteborg's catalogue, with no X-City or another.
    const karins = await get('/api/v1/services', { ...(await asUser('karin')), 'x-city': 'default' });
    expect(karins.status).toBe(200);
    expect(((await karins.json()) as Array<{ code: string }>).map((x) => x.code).sort()).toEqual([
      'graffiti',
      'pothole',
    ]);
    const citizen = await eventOf(
      await post('/api/v1/requests', json(pothole('anna'), { ...(await asUser('anna')), ...other })),
    );
    expect(citizen.tenantId).toBe('default');
    const theirAgent = await eventOf(
      await post(
        '/api/v1/phone/requests',
        json({ ...pothole('phone-other'), callId: 'call-o1' }, await asUser('agent-other')),
      ),
    );
    expect(theirAgent.tenantId).toBe('other-city');
    const ourAgent = await eventOf(
      await post(
        '/api/v1/phone/requests',
        json({ ...pothole('phone-ours'), callId: 'call-d1' }, { ...(await asUser('agent-17')), ...other }),
      ),
    );
    expect(ourAgent.tenantId).toBe('default');
  });

  it("a city with a telephony secret of its own: its call events are taken signed with it alone, and no other platform's speak for it", async () => {
    const events = '/api/v1/phone/telephony/events';
    const theirs = callEvent(THEIR_TELEPHONY_SECRET, 'other-city');
    expect((await post(events, theirs.init)).status).toBe(202);
    const pop = await h.screenPops.waitFor((m) => (m.value ?? '').includes(theirs.callId));
    expect(pop.json<{ tenantId: string }>().tenantId).toBe('other-city');
    // The shared secret (the demo city's platform) naming the other city: refused.
    const forged = await post(events, callEvent(h.config.TELEPHONY_WEBHOOK_SECRET, 'other-city').init);
    expect(forged.status).toBe(401);
    expect((await forged.json()).errors).toEqual([
      { field: 'x-telephony-signature', reason: 'wrong signature' },
    ]);
    // Their secret does not speak for the demo city either; the demo city's platform still does.
    expect((await post(events, callEvent(THEIR_TELEPHONY_SECRET, 'default').init)).status).toBe(401);
    const ours = callEvent(h.config.TELEPHONY_WEBHOOK_SECRET, 'default');
    expect((await post(events, ours.init)).status).toBe(202);
    const ourPop = await h.screenPops.waitFor((m) => (m.value ?? '').includes(ours.callId));
    expect(ourPop.json<{ tenantId: string }>().tenantId).toBe('default');
  });

  it("a kiosk's requests are its city's, as it is registered", async () => {
    const kiosk = { authorization: 'Bearer other-kiosk-token' };
    const device = await (await get('/api/v1/kiosk/device', kiosk)).json();
    expect(device).toEqual({
      deviceId: 'kiosk-other-01',
      location: 'Other City library',
      tenantId: 'other-city',
    });
    const e = await eventOf(
      await post(
        '/api/v1/kiosk/requests',
        json(
          {
            ...pothole('kiosk-other'),
            idempotencyKey: `kiosk-${randomUUID()}`,
            capturedAt: new Date().toISOString(),
          },
          kiosk,
        ),
      ),
    );
    expect(e.tenantId).toBe('other-city');
    const ours = await (
      await get('/api/v1/kiosk/device', { authorization: 'Bearer demo-kiosk-token-01' })
    ).json();
    expect(ours.tenantId).toBe('default');
  });

  it('Open311 goes by jurisdiction_id, which it needs where the endpoint serves several', async () => {
    const none = await get('/open311/v2/services.json');
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual([
      {
        code: 400,
        description: 'jurisdiction_id: required: this endpoint serves several (default, other.example)',
      },
    ]);
    const wrong = await get('/open311/v2/services.xml?jurisdiction_id=nowhere.example');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('jurisdiction_id: not one this endpoint serves');

    const services = (await (
      await get('/open311/v2/services.json?jurisdiction_id=other.example')
    ).json()) as Array<{
      service_code: string;
    }>;
    expect(services.map((s) => s.service_code).sort()).toEqual(['graffiti', 'pothole']);
    expect((await get('/open311/v2/services/missed-bin.json?jurisdiction_id=other.example')).status).toBe(
      404,
    );

    const created = await post(
      '/open311/v2/requests.json',
      form({
        api_key: 'demo-open311-key',
        jurisdiction_id: 'other.example',
        service_code: 'pothole',
        description: 'open311-other',
        lat: '51.5072',
        long: '-0.1276',
        email: 'anna@example.org',
        'attribute[depth]': 'deep',
        'attribute[road-type]': 'carriageway',
        'attribute[hazard]': 'yes',
      }),
    );
    expect(created.status).toBe(200);
    const [{ service_request_id: reference, token }] = await created.json();
    const m = await h.intake.waitFor((x) => x.json<RequestReceivedV1>().payload.reference === reference);
    expect(m.json<RequestReceivedV1>().tenantId).toBe('other-city');
    // Its token leads to it in its own city only.
    const found = await get(`/open311/v2/tokens/${token}.json?jurisdiction_id=other.example`);
    expect(found.status).toBe(200);
    expect((await get(`/open311/v2/tokens/${token}.json?jurisdiction_id=default`)).status).toBe(404);
  });
});
