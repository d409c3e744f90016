import { createHmac, randomUUID } from 'node:crypto';
import { requestReceivedV1, parseEnvelope, type RequestReceivedV1 } from '@city/contracts';
import { normalizeReference, referenceFromKey } from '@city/domain-intake';
import { asUser, publishServices, repositoryCatalogue } from '@city/platform-testing';
import { form, json, pothole, startGateway, type Harness } from './gateway.harness';

/** Every channel against the real Kafka: what the gateway answers, and what it put on the topic. */
describe('intake gateway channels (real Kafka, real Redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway();
  }, 90_000);
  afterAll(async () => h?.close());

  const post = (path: string, init: RequestInit) => fetch(`${h.url}${path}`, init);
  const eventWith = async (reference: string): Promise<RequestReceivedV1> => {
    const m = await h.intake.waitFor((x) => x.json<RequestReceivedV1>().payload.reference === reference);
    const parsed = parseEnvelope(m.value, [requestReceivedV1]);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(m.headers['event-type']).toBe('RequestReceived');
    expect(m.key).toBe(`default:${parsed.value.payload.idempotencyKey}`);
    return parsed.value;
  };
  const countWith = (marker: string) => h.intake.filter((m) => (m.value ?? '').includes(marker)).length;

  describe('web', () => {
    it('lists services in the asked language and filters by channel', async () => {
      const nl = await (await fetch(`${h.url}/api/v1/services?lang=nl`)).json();
      expect(nl.find((s: { code: string }) => s.code === 'pothole').name).toBe('Gat in de weg');
      const kiosk = await (await fetch(`${h.url}/api/v1/services?channel=kiosk`)).json();
      expect(kiosk.map((s: { code: string }) => s.code)).not.toContain('dangerous-structure');
      expect((await fetch(`${h.url}/api/v1/services?channel=fax`)).status).toBe(400);
    });

    it("serves a service's form, and 404 for an unknown one", async () => {
      const form = await (await fetch(`${h.url}/api/v1/services/bulky-waste?lang=sv`)).json();
      expect(form.name).toBe('Hämtning av grovavfall');
      expect(form.attributes.map((a: { code: string }) => a.code)).toEqual([
        'items',
        'item-count',
        'preferred-date',
      ]);
      expect(form.attributes[0].values.length).toBeGreaterThan(3);
      const missing = await fetch(`${h.url}/api/v1/services/teleportation`);
      expect(missing.status).toBe(404);
    });

    it('accepts a request with 202 and a readable reference only once it is on Kafka', async () => {
      const marker = randomUUID();
      const res = await post(
        '/api/v1/requests',
        json(pothole(marker), { 'x-correlation-id': `corr-${marker}` }),
      );
      expect(res.status).toBe(202);
      expect(res.headers.get('x-correlation-id')).toBe(`corr-${marker}`);
      const body = await res.json();
      expect(normalizeReference(body.reference)).toBe(body.reference);
      expect(body).toMatchObject({
        status: 'accepted',
        duplicate: false,
        serviceCode: 'pothole',
        trackUrl: expect.stringContaining(body.reference),
      });
      const event = await eventWith(body.reference);
      expect(event).toMatchObject({
        type: 'RequestReceived',
        version: 1,
        tenantId: 'default',
        correlationId: `corr-${marker}`,
        causationId: null,
        payload: {
          channel: 'web',
          channelDetails: { kind: 'portal' },
          service: { code: 'pothole', lgslId: 557, interaction: 'reporting', defaultQueue: 'highways' },
          attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'yes' },
          contact: { email: 'anna@example.org', phone: '+447700900123' },
          preferredChannel: 'email',
          language: 'nl',
        },
      });
    });

    it('the same idempotency key returns the same reference and makes one request', async () => {
      const marker = randomUUID();
      const key = `web-${marker}`;
      const first = await (
        await post('/api/v1/requests', json(pothole(marker), { 'idempotency-key': key }))
      ).json();
      const again = await post('/api/v1/requests', json(pothole(marker), { 'idempotency-key': key }));
      expect(again.status).toBe(202);
      const second = await again.json();
      expect(second.reference).toBe(first.reference);
      expect(second.duplicate).toBe(true);
      await eventWith(first.reference);
      // Everything on the topic read (the gateway publishes before it answers), the repeat's too, were there one.
      await h.intake.caughtUp();
      expect(countWith(marker)).toBe(1);
    });

    it('refuses an idempotency key reused for a different request (422), producing nothing', async () => {
      const key = `web-${randomUUID()}`;
      await post('/api/v1/requests', json(pothole('a'), { 'idempotency-key': key }));
      const marker = randomUUID();
      const res = await post('/api/v1/requests', json(pothole(marker), { 'idempotency-key': key }));
      expect(res.status).toBe(422);
      expect((await res.json()).errors).toEqual([
        { field: 'idempotencyKey', reason: 'already used for a different request' },
      ]);
      expect(countWith(marker)).toBe(0);
    });
  });

  describe('who may ask: anonymous, with a contact, or signed in, as the catalogue says', () => {
    const permit = (marker: string, contact?: Record<string, string>) => ({
      serviceCode: 'parking-permit',
      description: marker,
      attributes: { 'permit-type': 'resident', 'vehicle-registration': 'AB-123-C' },
      ...(contact ? { contact } : {}),
      language: 'nl',
    });
    const marker = `identity-${randomUUID()}`;

    it('each service says what it asks of the person, in the list and in its form', async () => {
      const list: Array<{ code: string; identity: string }> = await (
        await fetch(`${h.url}/api/v1/services`)
      ).json();
      const identity = Object.fromEntries(list.map((s) => [s.code, s.identity]));
      expect(identity).toMatchObject({
        'parking-permit': 'signed-in',
        complaint: 'contact',
        'bulky-waste': 'contact',
        pothole: 'anonymous',
      });
      expect((await (await fetch(`${h.url}/api/v1/services/parking-permit`)).json()).identity).toBe(
        'signed-in',
      );
    });

    it('an anonymous request for a signed-in service is refused: 401, sign in', async () => {
      const res = await post('/api/v1/requests', json(permit(marker, { email: 'anna@example.org' })));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect((await res.json()).errors).toEqual([
        { field: 'Authorization', reason: 'sign in to request this service' },
      ]);
    });

    it("a signed-in citizen's request is accepted, with the email and name of their sign-in", async () => {
      const res = await post(
        '/api/v1/requests',
        json(
          permit(randomUUID(), { firstName: 'Someone', email: 'someone-else@example.org' }),
          await asUser('anna'),
        ),
      );
      expect(res.status).toBe(202);
      const event = await eventWith((await res.json()).reference);
      expect(event.payload).toMatchObject({
        channel: 'web',
        service: { code: 'parking-permit' },
        contact: { firstName: 'Anna', lastName: 'de Vries', email: 'anna@example.org' },
        preferredChannel: 'email',
      });
      // No contact in the body at all: the sign-in gives it.
      const bare = await post('/api/v1/requests', json(permit(randomUUID()), await asUser('lars')));
      expect(bare.status).toBe(202);
      expect((await eventWith((await bare.json()).reference)).payload.contact).toMatchObject({
        firstName: 'Lars',
        lastName: 'Berg',
        email: 'lars@example.org',
      });
    });

    it("a token that is not a citizen's, or not valid, is refused even where none is needed", async () => {
      const staff = await post('/api/v1/requests', json(pothole(marker), await asUser('agent-17')));
      expect(staff.status).toBe(403);
      expect((await staff.json()).errors).toEqual([{ field: 'Authorization', reason: 'not a citizen' }]);
      const forged = await post(
        '/api/v1/requests',
        json(pothole(marker), { authorization: 'Bearer not.a.token' }),
      );
      expect(forged.status).toBe(401);
      expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    });

    it('a contact service without an email or a phone is refused at contact (400); with one it goes', async () => {
      for (const [serviceCode, attributes, extra] of [
        ['complaint', { 'about-service': 'Bins' }, {}],
        ['bulky-waste', { items: ['sofa'], 'item-count': 1 }, { location: { address: 'Coolsingel 40' } }],
      ] as const) {
        const body = {
          serviceCode,
          description: marker,
          attributes,
          ...extra,
          contact: { firstName: 'Sam' },
        };
        const res = await post('/api/v1/requests', json(body));
        expect(res.status).toBe(400);
        expect((await res.json()).errors).toEqual([
          { field: 'contact', reason: 'this service needs an email or a phone number to reach you' },
        ]);
        const ok = await post(
          '/api/v1/requests',
          json({ ...body, description: randomUUID(), contact: { phone: '+31 6 12345678' } }),
        );
        expect(ok.status).toBe(202);
      }
    });

    it('at the counter a signed-in service takes the contact the clerk gives, without a sign-in', async () => {
      const res = await post(
        '/api/v1/counter/requests',
        json(
          { ...permit(randomUUID(), { phone: '07700 900456' }), office: 'Town Hall', counter: '2' },
          await asUser('clerk-9'),
        ),
      );
      expect(res.status).toBe(202);
      const refused = await post(
        '/api/v1/counter/requests',
        json(
          { ...permit(marker, { firstName: 'Lars' }), office: 'Town Hall', counter: '2' },
          await asUser('clerk-9'),
        ),
      );
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors).toEqual([
        { field: 'contact', reason: 'this service needs an email or a phone number to reach you' },
      ]);
    });

    it('an Open311 client, which has no sign-in, cannot request a signed-in service; it is told why', async () => {
      const res = await post(
        '/open311/v2/requests.json',
        form({
          api_key: 'demo-open311-key',
          service_code: 'parking-permit',
          description: marker,
          email: 'anna@example.org',
          'attribute[permit-type]': 'resident',
        }),
      );
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual([
        {
          code: 403,
          description:
            "service_code: parking-permit is given only to a citizen signed in on the city's portal",
        },
      ]);
      // Nor is it offered: services.json lists only what an Open311 client can request.
      const listed = (await (await fetch(`${h.url}/open311/v2/services.json`)).json()) as Array<{
        service_code: string;
      }>;
      expect(listed.map((l) => l.service_code)).not.toContain('parking-permit');
      expect(listed.map((l) => l.service_code)).toContain('pothole');
    });

    it('none of the refused reached Kafka', async () => {
      await h.intake.caughtUp(); // everything on the topic read: the gateway publishes before it answers
      expect(countWith(marker)).toBe(0);
    });
  });

  describe('bad input gets 4xx with the field and the reason, and nothing reaches Kafka', () => {
    const marker = `bad-${randomUUID()}`;
    const cases: Array<[string, () => Promise<Response>, number, { field: string; reason: RegExp }]> = [
      [
        'unknown service',
        () => post('/api/v1/requests', json({ ...pothole(marker), serviceCode: 'teleportation' })),
        400,
        { field: 'serviceCode', reason: /unknown service/ },
      ],
      [
        'missing required attribute',
        () =>
          post('/api/v1/requests', json({ ...pothole(marker), attributes: { depth: 'deep', hazard: 'no' } })),
        400,
        { field: 'attributes.road-type', reason: /required/ },
      ],
      [
        'value not in the list',
        () =>
          post(
            '/api/v1/requests',
            json({
              ...pothole(marker),
              attributes: { depth: 'bottomless', 'road-type': 'junction', hazard: 'no' },
            }),
          ),
        400,
        { field: 'attributes.depth', reason: /not one of/ },
      ],
      [
        'location missing where required',
        () => post('/api/v1/requests', json({ ...pothole(marker), location: undefined })),
        400,
        { field: 'location', reason: /required for pothole/ },
      ],
      [
        'bad latitude',
        () => post('/api/v1/requests', json({ ...pothole(marker), location: { lat: 123, long: 0 } })),
        400,
        { field: 'location.lat', reason: /90/ },
      ],
      [
        'bad email',
        () => post('/api/v1/requests', json({ ...pothole(marker), contact: { email: 'not-an-email' } })),
        400,
        { field: 'contact.email', reason: /email/i },
      ],
      [
        'unknown field',
        () => post('/api/v1/requests', json({ ...pothole(marker), colour: 'red' })),
        400,
        { field: '(body)', reason: /unknown field: colour/ },
      ],
      [
        'media URL with a javascript: scheme',
        () =>
          post(
            '/api/v1/requests',
            json({ ...pothole(marker), mediaUrls: ['javascript:alert(document.cookie)'] }),
          ),
        400,
        { field: 'mediaUrls[0]', reason: /https/ },
      ],
      [
        'media URL over plain http',
        () =>
          post(
            '/api/v1/requests',
            json({
              ...pothole(marker),
              mediaUrls: ['https://photos.example.org/a.jpg', 'http://photos.example.org/b.jpg'],
            }),
          ),
        400,
        { field: 'mediaUrls[1]', reason: /https/ },
      ],
      [
        'malformed JSON',
        () =>
          post('/api/v1/requests', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: `{"serviceCode":"pothole","description":"${marker}"`,
          }),
        400,
        { field: '(body)', reason: /malformed/ },
      ],
      [
        'oversize body',
        () => post('/api/v1/requests', json({ ...pothole(marker), description: 'x'.repeat(300 * 1024) })),
        413,
        { field: '(body)', reason: /larger/ },
      ],
      [
        'wrong device token',
        () =>
          post(
            '/api/v1/kiosk/requests',
            json(
              { ...pothole(marker), idempotencyKey: `k-${marker}`, capturedAt: new Date().toISOString() },
              { authorization: 'Bearer not-a-device' },
            ),
          ),
        401,
        { field: 'Authorization', reason: /unknown device token/ },
      ],
      [
        'missing device token',
        () =>
          post(
            '/api/v1/kiosk/requests',
            json({ ...pothole(marker), idempotencyKey: `k-${marker}`, capturedAt: new Date().toISOString() }),
          ),
        401,
        { field: 'Authorization', reason: /missing/ },
      ],
      [
        'service not offered at a kiosk',
        () =>
          post(
            '/api/v1/kiosk/requests',
            json(
              {
                serviceCode: 'dangerous-structure',
                description: marker,
                attributes: { structure: 'wall' },
                location: { address: '1 High St' },
                idempotencyKey: `k-${marker}`,
                capturedAt: new Date().toISOString(),
              },
              { authorization: 'Bearer demo-kiosk-token-01' },
            ),
          ),
        400,
        { field: 'serviceCode', reason: /not offered on the kiosk channel/ },
      ],
      [
        'phone request without a call',
        async () => post('/api/v1/phone/requests', json({ ...pothole(marker) }, await asUser('agent-17'))),
        400,
        { field: 'callId', reason: /./ },
      ],
      [
        'phone request naming its agent (the agent is the token)',
        async () =>
          post(
            '/api/v1/phone/requests',
            json({ ...pothole(marker), agentId: 'agent-18', callId: 'c1' }, await asUser('agent-17')),
          ),
        400,
        { field: '(body)', reason: /unknown field: agentId/ },
      ],
      [
        'counter request without office',
        async () =>
          post(
            '/api/v1/counter/requests',
            json({ ...pothole(marker), counter: '3' }, await asUser('clerk-9')),
          ),
        400,
        { field: 'office', reason: /./ },
      ],
    ];

    it.each(cases)('%s', async (_name, send, status, expected) => {
      const res = await send();
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.statusCode).toBe(status);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: expected.field, reason: expect.stringMatching(expected.reason) }),
        ]),
      );
    });

    it('none of them reached Kafka', async () => {
      await h.intake.caughtUp(); // everything on the topic read: the gateway publishes before it answers
      expect(countWith(marker)).toBe(0);
    });
  });

  describe('kiosk', () => {
    const kiosk = { authorization: 'Bearer demo-kiosk-token-01' };
    const item = (key: string, marker: string, extra: Record<string, unknown> = {}) => ({
      idempotencyKey: key,
      capturedAt: new Date(Date.now() - 3600_000).toISOString(),
      serviceCode: 'missed-bin',
      description: marker,
      attributes: { 'bin-type': 'recycling', 'collection-date': '2026-11-26', 'out-by-7': 'yes' },
      location: { address: '14 Station Road', propertyId: '100023336956' },
      ...extra,
    });

    it('submits live with the device on the record', async () => {
      const marker = randomUUID();
      const res = await post('/api/v1/kiosk/requests', json(item(`live-${marker}`, marker), kiosk));
      expect(res.status).toBe(202);
      const event = await eventWith((await res.json()).reference);
      expect(event.payload.channel).toBe('kiosk');
      expect(event.payload.channelDetails).toEqual({
        kind: 'kiosk',
        deviceId: 'kiosk-town-hall-01',
        location: 'Town Hall foyer',
        batchId: null,
        capturedOffline: false,
      });
    });

    it('uploads an offline batch with a result per item; a re-sent batch creates nothing twice', async () => {
      const marker = randomUUID();
      const batch = {
        batchId: `batch-${marker}`,
        items: [
          item(`off-1-${marker}`, marker),
          item(`off-2-${marker}`, marker, {
            serviceCode: 'graffiti',
            attributes: { offensive: 'no', surface: 'wall' },
            location: { lat: 51.5, long: -0.1 },
          }),
          item(`off-3-${marker}`, marker, { attributes: { 'bin-type': 'compost' } }),
          { capturedAt: 'yesterday', serviceCode: 'litter' },
        ],
      };
      const res = await post('/api/v1/kiosk/batches', json(batch, kiosk));
      expect(res.status).toBe(200);
      const first = await res.json();
      expect(first).toMatchObject({
        batchId: batch.batchId,
        deviceId: 'kiosk-town-hall-01',
        accepted: 2,
        rejected: 2,
        failed: 0,
      });
      expect(first.results[0]).toMatchObject({ index: 0, status: 'accepted', duplicate: false });
      expect(first.results[2]).toMatchObject({
        index: 2,
        status: 'rejected',
        statusCode: 400,
        errors: expect.arrayContaining([expect.objectContaining({ field: 'items[2].attributes.bin-type' })]),
      });
      expect(first.results[3].errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['items[3].idempotencyKey', 'items[3].capturedAt']),
      );

      const e0 = await eventWith(first.results[0].reference);
      expect(e0.payload.channelDetails).toMatchObject({
        kind: 'kiosk',
        batchId: batch.batchId,
        capturedOffline: true,
      });
      expect(e0.payload.submittedAt).toBe(batch.items[0].capturedAt);

      const resent = await (await post('/api/v1/kiosk/batches', json(batch, kiosk))).json();
      expect(resent.accepted).toBe(2);
      expect(resent.results[0]).toMatchObject({
        status: 'accepted',
        reference: first.results[0].reference,
        duplicate: true,
      });
      expect(resent.results[1]).toMatchObject({
        status: 'accepted',
        reference: first.results[1].reference,
        duplicate: true,
      });
      await h.intake.caughtUp(); // everything on the topic read: the gateway publishes before it answers
      await eventWith(first.results[1].reference);
      expect(countWith(marker)).toBe(2);
    });

    it('a kiosk learns who it is, and derives the reference the gateway gives its item', async () => {
      const who = await fetch(`${h.url}/api/v1/kiosk/device`, { headers: kiosk });
      expect(who.status).toBe(200);
      const device = await who.json();
      expect(device).toEqual({
        deviceId: 'kiosk-town-hall-01',
        location: 'Town Hall foyer',
        tenantId: 'default',
      });
      expect((await fetch(`${h.url}/api/v1/kiosk/device`)).status).toBe(401);
      const wrong = await fetch(`${h.url}/api/v1/kiosk/device`, {
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(401);

      const marker = randomUUID();
      const key = `derived-${marker}`;
      const res = await post('/api/v1/kiosk/requests', json(item(key, marker), kiosk));
      expect((await res.json()).reference).toBe(
        referenceFromKey(device.tenantId, `kiosk:${device.deviceId}:${key}`),
      );
      const offered = await (await fetch(`${h.url}/api/v1/services?channel=kiosk`)).json();
      expect(offered.map((s: { code: string }) => s.code)).toEqual(
        expect.arrayContaining(['missed-bin', 'graffiti', 'litter']),
      );
    });

    it('the same item key from another kiosk is another request', async () => {
      const marker = randomUUID();
      const a = await (
        await post('/api/v1/kiosk/requests', json(item(`shared-${marker}`, marker), kiosk))
      ).json();
      const b = await (
        await post(
          '/api/v1/kiosk/requests',
          json(item(`shared-${marker}`, marker), { authorization: 'Bearer demo-kiosk-token-02' }),
        )
      ).json();
      expect(a.reference).not.toBe(b.reference);
    });
  });

  describe('phone', () => {
    it('an agent submits for a caller; the caller number is normalised to E.164', async () => {
      const marker = randomUUID();
      const res = await post(
        '/api/v1/phone/requests',
        json(
          { ...pothole(marker), callId: `call-${marker}`, callerNumber: '020 7946 0018' },
          await asUser('agent-17'),
        ),
      );
      expect(res.status).toBe(202);
      const event = await eventWith((await res.json()).reference);
      expect(event.payload.channel).toBe('phone');
      expect(event.payload.channelDetails).toEqual({
        kind: 'agent-assisted',
        agentId: 'agent-17',
        callId: `call-${marker}`,
        callerNumber: '+442079460018',
      });
    });

    /** As the telephony platform signs a webhook: HMAC-SHA256 of `${unix seconds}.${raw body}`, sent with the timestamp. */
    const signed = (
      body: string,
      { secret = h.config.TELEPHONY_WEBHOOK_SECRET, at = Math.floor(Date.now() / 1000) } = {},
    ): RequestInit => ({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telephony-timestamp': String(at),
        'x-telephony-signature': `sha256=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`,
      },
      body,
    });
    const callStarted = (callId: string) =>
      JSON.stringify({ event: 'call.started', callId, callerNumber: '07700 900456', agentId: 'agent-3' });
    const popsOf = (callId: string) => h.screenPops.filter((m) => (m.value ?? '').includes(callId));
    /** Every pop on the topic read: the gateway publishes an event's before it answers. */
    const settle = () => h.screenPops.caughtUp();

    it('a signed call.started webhook becomes a screen-pop for the agent; call.ended closes it', async () => {
      const callId = `call-${randomUUID()}`;
      const started = JSON.stringify({
        event: 'call.started',
        callId,
        callerNumber: '07700 900456',
        agentId: 'agent-3',
        queue: 'waste',
      });
      const res = await post('/api/v1/phone/telephony/events', signed(started));
      expect(res.status).toBe(202);
      const pop = await h.screenPops.waitFor((m) => (m.value ?? '').includes(callId));
      expect(pop.key).toBe('agent-3');
      expect(pop.json()).toMatchObject({
        type: 'ScreenPopRequested',
        payload: {
          agentId: 'agent-3',
          callId,
          action: 'open',
          callerNumber: '+447700900456',
          queue: 'waste',
        },
      });

      const ended = JSON.stringify({ event: 'call.ended', callId, agentId: 'agent-3', durationSeconds: 95 });
      expect((await post('/api/v1/phone/telephony/events', signed(ended))).status).toBe(202);
      await h.screenPops.waitFor(
        (m) =>
          (m.value ?? '').includes(callId) &&
          m.json<{ payload: { action: string } }>().payload.action === 'close',
      );
    });

    it('a webhook with a wrong signature is refused and pops nothing', async () => {
      const callId = `call-${randomUUID()}`;
      const res = await post(
        '/api/v1/phone/telephony/events',
        signed(callStarted(callId), { secret: 'another-secret-entirely' }),
      );
      expect(res.status).toBe(401);
      expect((await res.json()).errors).toEqual([
        { field: 'x-telephony-signature', reason: 'wrong signature' },
      ]);
      await settle();
      expect(popsOf(callId)).toHaveLength(0);
    });

    it('a signature over the body alone, without the timestamp, is refused', async () => {
      const callId = `call-${randomUUID()}`;
      const body = callStarted(callId);
      const bodyOnly = `sha256=${createHmac('sha256', h.config.TELEPHONY_WEBHOOK_SECRET).update(body).digest('hex')}`;
      const res = await post('/api/v1/phone/telephony/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telephony-signature': bodyOnly },
        body,
      });
      expect(res.status).toBe(401);
      expect((await res.json()).errors).toEqual([{ field: 'x-telephony-timestamp', reason: 'missing' }]);
      // The same body-only signature with a timestamp beside it does not cover the timestamp: refused.
      const withTime = await post('/api/v1/phone/telephony/events', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telephony-signature': bodyOnly,
          'x-telephony-timestamp': String(Math.floor(Date.now() / 1000)),
        },
        body,
      });
      expect(withTime.status).toBe(401);
      expect((await withTime.json()).errors).toEqual([
        { field: 'x-telephony-signature', reason: 'wrong signature' },
      ]);
      await settle();
      expect(popsOf(callId)).toHaveLength(0);
    });

    it('a correctly signed event from more than five minutes ago, or ahead of the clock, is refused with the reason; four minutes is fine', async () => {
      const now = Math.floor(Date.now() / 1000);
      const [late, early, recent] = [`call-${randomUUID()}`, `call-${randomUUID()}`, `call-${randomUUID()}`];
      const old = await post(
        '/api/v1/phone/telephony/events',
        signed(callStarted(late), { at: now - 6 * 60 }),
      );
      expect(old.status).toBe(401);
      expect((await old.json()).errors).toEqual([
        { field: 'x-telephony-timestamp', reason: 'outside the 300 s window: the event is too old' },
      ]);
      const ahead = await post(
        '/api/v1/phone/telephony/events',
        signed(callStarted(early), { at: now + 6 * 60 }),
      );
      expect(ahead.status).toBe(401);
      expect((await ahead.json()).errors).toEqual([
        { field: 'x-telephony-timestamp', reason: 'outside the 300 s window: the event is from the future' },
      ]);
      const notANumber = await post('/api/v1/phone/telephony/events', {
        ...signed(callStarted(late)),
        headers: {
          ...(signed(callStarted(late)).headers as Record<string, string>),
          'x-telephony-timestamp': 'yesterday',
        },
      });
      expect(notANumber.status).toBe(401);
      expect((await notANumber.json()).errors).toEqual([
        { field: 'x-telephony-timestamp', reason: 'not a Unix time in seconds' },
      ]);
      expect(
        (await post('/api/v1/phone/telephony/events', signed(callStarted(recent), { at: now - 4 * 60 })))
          .status,
      ).toBe(202);
      await h.screenPops.waitFor((m) => (m.value ?? '').includes(recent));
      await settle();
      expect(popsOf(late)).toHaveLength(0);
      expect(popsOf(early)).toHaveLength(0);
    });

    it('the same signed event sent again inside the window is refused as a replay and pops once', async () => {
      const callId = `call-${randomUUID()}`;
      const request = signed(callStarted(callId));
      expect((await post('/api/v1/phone/telephony/events', request)).status).toBe(202);
      const again = await post('/api/v1/phone/telephony/events', request);
      expect(again.status).toBe(401);
      expect((await again.json()).errors).toEqual([
        { field: 'x-telephony-signature', reason: 'this event was already received (a replay)' },
      ]);
      await settle();
      expect(popsOf(callId)).toHaveLength(1);
    });

    it('the IVR refuses a malformed reference in words a caller understands', async () => {
      const res = await fetch(`${h.url}/api/v1/ivr/requests/ABCD-EFGH-JKU/status`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toMatch(/not a valid reference/);
    });

    it('the IVR says plainly when the case record cannot be asked', async () => {
      const ref = (await (await post('/api/v1/requests', json(pothole(randomUUID())))).json()).reference;
      const res = await fetch(`${h.url}/api/v1/ivr/requests/${ref.toLowerCase()}/status`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/cannot look up requests right now/);
    });
  });

  describe('counter', () => {
    it('a clerk submits for the citizen at the counter', async () => {
      const marker = randomUUID();
      const res = await post(
        '/api/v1/counter/requests',
        json(
          {
            serviceCode: 'council-tax-discount',
            description: marker,
            attributes: {
              'discount-type': 'single-person',
              'account-number': '40012345',
              'date-from': '2026-11-01',
            },
            contact: { firstName: 'Lars', lastName: 'Berg', phone: '+46 70 123 45 67' },
            preferredChannel: 'sms',
            language: 'sv',
            office: 'Town Hall',
            counter: '4',
            ticket: 'B017',
          },
          await asUser('clerk-9'),
        ),
      );
      expect(res.status).toBe(202);
      const event = await eventWith((await res.json()).reference);
      expect(event.payload).toMatchObject({
        channel: 'counter',
        channelDetails: {
          kind: 'counter',
          clerkId: 'clerk-9',
          office: 'Town Hall',
          counter: '4',
          ticket: 'B017',
        },
        attributes: { 'date-from': '2026-11-01T00:00:00.000Z' },
        contact: { phone: '+46701234567' },
        language: 'sv',
      });
    });
  });

  it('every channel produces the same event shape for the same request', async () => {
    const base = pothole(randomUUID());
    const refs = await Promise.all([
      post('/api/v1/requests', json(base)),
      post(
        '/api/v1/kiosk/requests',
        json(
          { ...base, idempotencyKey: `same-${randomUUID()}`, capturedAt: new Date().toISOString() },
          { authorization: 'Bearer demo-kiosk-token-01' },
        ),
      ),
      post('/api/v1/phone/requests', json({ ...base, callId: 'c-1' }, await asUser('agent-18'))),
      post(
        '/api/v1/counter/requests',
        json({ ...base, office: 'Town Hall', counter: '1' }, await asUser('clerk-2')),
      ),
    ]).then((rs) =>
      Promise.all(rs.map(async (r) => (expect(r.status).toBe(202), (await r.json()).reference))),
    );
    const events = await Promise.all(refs.map(eventWith));
    const comparable = events.map(({ payload: p }) => ({
      ...p,
      reference: 0,
      idempotencyKey: 0,
      channel: 0,
      channelDetails: 0,
      submittedAt: 0,
      receivedAt: 0,
    }));
    for (const c of comparable) expect(c).toEqual(comparable[0]);
    expect(events.map((e) => e.payload.channel)).toEqual(['web', 'kiosk', 'phone', 'counter']);
  });

  describe('Open311 GeoReport v2', () => {
    it('discovery, services and a service definition in JSON and XML', async () => {
      const d = await (await fetch(`${h.url}/open311/v2/discovery.json`)).json();
      expect(d.endpoints[0]).toMatchObject({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        formats: ['text/xml', 'application/json'],
      });
      const services = await (await fetch(`${h.url}/open311/v2/services.json`)).json();
      expect(
        services.find((s: { service_code: string }) => s.service_code === 'street-lighting'),
      ).toMatchObject({
        service_name: 'Street light fault',
        metadata: true,
        type: 'realtime',
        group: 'Roads and pavements',
      });
      const xml = await fetch(`${h.url}/open311/v2/services.xml`);
      expect(xml.headers.get('content-type')).toContain('text/xml');
      const text = await xml.text();
      expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><services><service><service_code>/);
      const def = await (await fetch(`${h.url}/open311/v2/services/flytipping.json`)).json();
      expect(def.attributes[0]).toMatchObject({
        variable: true,
        code: 'waste-type',
        datatype: 'multivaluelist',
        required: true,
        order: 1,
      });
      expect(def.attributes[0].values).toEqual(expect.arrayContaining([{ key: 'tyres', name: 'Tyres' }]));
      // Each limit the gateway enforces is described: a registration is refused above 10 characters.
      const vehicle = await (await fetch(`${h.url}/open311/v2/services/abandoned-vehicle.json`)).json();
      expect(
        vehicle.attributes.find((a: { code: string }) => a.code === 'registration').datatype_description,
      ).toContain('at most 10 characters');
      const defXml = await (await fetch(`${h.url}/open311/v2/services/flytipping.xml`)).text();
      expect(defXml).toContain('<values><value><key>household</key><name>Household rubbish</name></value>');
      const missing = await fetch(`${h.url}/open311/v2/services/unicorns.xml`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('<errors><error><code>404</code>');
    });

    it('POST requests: form data, attribute[code] and lists, answered with service_request_id after Kafka', async () => {
      const marker = randomUUID();
      const res = await post(
        '/open311/v2/requests.json',
        form({
          api_key: 'demo-open311-key',
          jurisdiction_id: 'city.example',
          service_code: 'flytipping',
          lat: '51.51',
          long: '-0.09',
          description: marker,
          email: 'reporter@example.org',
          first_name: 'Sam',
          'attribute[waste-type][]': ['tyres', 'furniture'],
          'attribute[size]': 'van',
          device_id: 'app-install-7',
        }),
      );
      expect(res.status).toBe(200);
      const [created] = await res.json();
      expect(created).toMatchObject({
        service_request_id: expect.any(String),
        service_notice: 'We aim to clear it within 3 working days.',
        account_id: null,
      });
      const event = await eventWith(created.service_request_id);
      expect(event.payload).toMatchObject({
        channel: 'web',
        channelDetails: { kind: 'open311', clientId: 'demo-open311-app', deviceId: 'app-install-7' },
        attributes: { 'waste-type': ['tyres', 'furniture'], size: 'van' },
        location: { lat: 51.51, long: -0.09 },
      });
      const token = await (await fetch(`${h.url}/open311/v2/tokens/${created.token}.json`)).json();
      expect(token).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
      const xml = await post(
        '/open311/v2/requests.xml',
        form({
          api_key: 'demo-open311-key',
          service_code: 'graffiti',
          address_string: '2 Quay St',
          'attribute[offensive]': 'yes',
          'attribute[surface]': 'bridge',
        }),
      );
      expect(await xml.text()).toMatch(
        /<service_requests><request><service_request_id>[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}<\/service_request_id>/,
      );
    });

    it('errors as the spec says: 403 for the api_key, 400 with Open311 field names, nothing on Kafka', async () => {
      const marker = randomUUID();
      const noKey = await post(
        '/open311/v2/requests.json',
        form({ service_code: 'graffiti', description: marker }),
      );
      expect(noKey.status).toBe(403);
      expect(await noKey.json()).toEqual([{ code: 403, description: 'api_key: required' }]);
      const badKey = await post(
        '/open311/v2/requests.xml',
        form({ api_key: 'guess', service_code: 'graffiti', description: marker }),
      );
      expect(badKey.status).toBe(403);
      expect(await badKey.text()).toContain(
        '<errors><error><code>403</code><description>api_key: not valid</description></error></errors>',
      );
      const bad = await post(
        '/open311/v2/requests.json',
        form({
          api_key: 'demo-open311-key',
          service_code: 'flytipping',
          description: marker,
          lat: '51.5',
          long: '-0.1',
          'attribute[size]': 'planet',
        }),
      );
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual(
        expect.arrayContaining([
          { code: 400, description: 'attribute[waste-type]: required' },
          { code: 400, description: expect.stringMatching(/^attribute\[size\]: "planet" is not one of/) },
        ]),
      );
      const badLat = await post(
        '/open311/v2/requests.json',
        form({
          api_key: 'demo-open311-key',
          service_code: 'graffiti',
          description: marker,
          lat: 'north',
          long: '0',
        }),
      );
      expect(await badLat.json()).toEqual([{ code: 400, description: 'lat: must be a number' }]);
      await h.intake.caughtUp(); // everything on the topic read: the gateway publishes before it answers
      expect(countWith(marker)).toBe(0);
    });
  });

  describe('operations', () => {
    it('health: live, and ready with Kafka and the catalogue', async () => {
      expect((await fetch(`${h.url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${h.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ok',
        checks: { accepting: 'up', kafka: 'up', catalogue: 'up' },
      });
    });

    it('serves an OpenAPI description of every channel', async () => {
      const doc = await (await fetch(`${h.url}/docs/openapi.json`)).json();
      for (const path of [
        '/api/v1/requests',
        '/api/v1/kiosk/batches',
        '/api/v1/phone/requests',
        '/api/v1/phone/telephony/events',
        '/api/v1/counter/requests',
        '/api/v1/ivr/requests/{reference}/status',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(
        doc.paths['/api/v1/requests'].post.requestBody.content['application/json'].schema.properties
          .serviceCode,
      ).toBeDefined();
    });

    it('a catalogue change reaches the running gateway without a restart', async () => {
      const pothole311 = repositoryCatalogue().find((s) => s.code === 'pothole')!;
      const changed = {
        ...pothole311,
        version: pothole311.version + 1,
        name: { ...pothole311.name, en: 'Pothole or sunken road' },
        channels: ['web' as const],
      };
      await publishServices(h.publisher, `${h.prefix}catalogue.services.v1`, [changed]);
      const deadline = Date.now() + 10_000;
      let name = '';
      while (Date.now() < deadline && name !== 'Pothole or sunken road') {
        name = (await (await fetch(`${h.url}/api/v1/services/pothole`)).json()).name;
        if (name !== 'Pothole or sunken road') await new Promise((r) => setTimeout(r, 100));
      }
      expect(name).toBe('Pothole or sunken road');
      const kiosk = await post(
        '/api/v1/kiosk/requests',
        json(
          { ...pothole('x'), idempotencyKey: `k-${randomUUID()}`, capturedAt: new Date().toISOString() },
          { authorization: 'Bearer demo-kiosk-token-01' },
        ),
      );
      expect(kiosk.status).toBe(400);
      await publishServices(h.publisher, `${h.prefix}catalogue.services.v1`, [
        { ...pothole311, version: pothole311.version + 2 },
      ]);
    });
  });
});

/** Without its replay memory the gateway cannot tell a replay from a first delivery: it refuses for now, and the platform retries. */
describe('intake gateway: telephony webhooks while Redis is away', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway({ REDIS_URL: 'redis://127.0.0.1:1' });
  }, 90_000);
  afterAll(async () => h?.close());

  it('a correctly signed event gets 503 with Retry-After, and pops nothing', async () => {
    const callId = `call-${randomUUID()}`;
    const body = JSON.stringify({
      event: 'call.started',
      callId,
      callerNumber: '07700 900456',
      agentId: 'agent-3',
    });
    const at = Math.floor(Date.now() / 1000);
    const res = await fetch(`${h.url}/api/v1/phone/telephony/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telephony-timestamp': String(at),
        'x-telephony-signature': `sha256=${createHmac('sha256', h.config.TELEPHONY_WEBHOOK_SECRET).update(`${at}.${body}`).digest('hex')}`,
      },
      body,
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.screenPops.filter((m) => (m.value ?? '').includes(callId))).toHaveLength(0);
  });
});
