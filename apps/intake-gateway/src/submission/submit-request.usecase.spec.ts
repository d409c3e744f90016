import {
  catalogueServicePublishedV1,
  serviceDefinitionSchema,
  type RequestReceivedV1,
  type ServiceDefinition,
  type SubmitRequestBody,
} from '@city/contracts';
import { eventIdFromKey, referenceFromKey } from '@city/domain-intake';
import { IdempotencyStore, type AcceptedRecord, type BeginResult } from './idempotency.store';
import { RequestPublisher } from './request-publisher';
import { ServiceCatalogue } from './service-catalogue';
import { SIGN_IN_NEEDED, SubmitRequestUseCase, type SubmissionContext } from './submit-request.usecase';
import { CityProfiles } from '@city/platform-config';

const TENANT = 'default';

/** The broker: keeps what it acknowledged, or refuses while `down`. */
class FakeRequestPublisher extends RequestPublisher {
  readonly published: Array<{ key: string; event: RequestReceivedV1 }> = [];
  down = false;
  async publish(key: string, event: RequestReceivedV1): Promise<void> {
    if (this.down) throw new Error('no acks=all within the timeout');
    this.published.push({ key, event });
  }
}

/** The gateway's memory in a map; `away` makes it answer as Redis does when it is unreachable. */
class FakeIdempotencyStore extends IdempotencyStore {
  readonly keys = new Map<string, { pending: true } | AcceptedRecord>();
  readonly tokens = new Map<string, string>();
  readonly begun: string[] = [];
  readonly abandoned: string[] = [];
  away = false;

  async begin(tenantId: string, idempotencyKey: string): Promise<BeginResult> {
    this.begun.push(idempotencyKey);
    if (this.away) return { state: 'unavailable' };
    const k = `${tenantId}:${idempotencyKey}`;
    const value = this.keys.get(k);
    if (!value) {
      this.keys.set(k, { pending: true });
      return { state: 'new' };
    }
    return 'pending' in value ? { state: 'pending' } : { state: 'done', record: value };
  }

  async complete(tenantId: string, idempotencyKey: string, eventId: string, record: AcceptedRecord) {
    if (this.away) return;
    this.keys.set(`${tenantId}:${idempotencyKey}`, record);
    this.tokens.set(`${tenantId}:${eventId}`, record.reference);
  }

  async abandon(tenantId: string, idempotencyKey: string): Promise<void> {
    this.abandoned.push(idempotencyKey);
    this.keys.delete(`${tenantId}:${idempotencyKey}`);
  }

  async firstSighting(): Promise<'first' | 'seen' | 'unavailable'> {
    throw new Error('not used by submissions');
  }

  async forgetSighting(): Promise<void> {
    throw new Error('not used by submissions');
  }

  async referenceOfToken(tenantId: string, token: string): Promise<string | null | 'unavailable'> {
    return this.tokens.get(`${tenantId}:${token}`) ?? null;
  }
}

/** Each city's services (TENANT's, unless others are given). */
class FakeServiceCatalogue extends ServiceCatalogue {
  loaded = true;
  constructor(private readonly byCity: Record<string, ServiceDefinition[]>) {
    super();
  }
  get ready(): boolean {
    return this.loaded;
  }
  get(serviceCode: string, tenantId: string): ServiceDefinition | undefined {
    if (!this.loaded) throw new Error('catalogue not loaded yet');
    return this.byCity[tenantId]?.find((s) => s.code === serviceCode);
  }
}

const pothole: ServiceDefinition = serviceDefinitionSchema.parse({
  ...catalogueServicePublishedV1.example.payload,
  channels: ['web', 'phone', 'counter'],
});

/** A permit the city gives only to a person it knows (catalogue/services/parking-permit.yaml, in short). */
const permit: ServiceDefinition = serviceDefinitionSchema.parse({
  ...catalogueServicePublishedV1.example.payload,
  code: 'parking-permit',
  identity: 'signed-in',
  locationRequired: false,
  channels: ['web', 'phone', 'counter'],
});

const body = (over: Partial<SubmitRequestBody> = {}): SubmitRequestBody => ({
  serviceCode: 'pothole',
  attributes: { depth: 'deep' },
  location: { lat: 51.5, long: -0.12 },
  contact: { email: 'Anna@Example.org' },
  ...over,
});

const web = (idempotencyKey: string | null, over: Partial<SubmissionContext> = {}): SubmissionContext => ({
  city: TENANT,
  channel: 'web',
  channelDetails: { kind: 'portal', userAgent: 'test' },
  idempotencyKey,
  correlationId: 'correlation-1',
  ...over,
});

describe('SubmitRequestUseCase: the one path of every channel, from a submission to RequestReceived on the intake topic', () => {
  let catalogue: FakeServiceCatalogue;
  let publisher: FakeRequestPublisher;
  let memory: FakeIdempotencyStore;
  let submit: SubmitRequestUseCase;

  beforeEach(() => {
    catalogue = new FakeServiceCatalogue({ [TENANT]: [pothole, permit], other: [permit] });
    publisher = new FakeRequestPublisher();
    memory = new FakeIdempotencyStore();
    submit = new SubmitRequestUseCase(
      { DEFAULT_COUNTRY: 'GB', PUBLIC_TRACK_URL: 'https://city.example/track' },
      catalogue,
      publisher,
      memory,
      CityProfiles.of(
        [TENANT, 'other'].map((city) => ({
          city,
          name: city,
          jurisdiction: city,
          languages: ['en'],
          compare: false,
          ...(city === 'other' ? { portalUrl: 'https://other.example', country: 'SE' } : {}),
        })),
      ),
    );
  });

  it('publishes RequestReceived under the reference and event id derived from the key, remembers the key, and acknowledges', async () => {
    const outcome = await submit.submit(body(), web('web:key-1'));

    const reference = referenceFromKey(TENANT, 'web:key-1');
    const eventId = eventIdFromKey(TENANT, 'web:key-1');
    expect(outcome).toEqual({
      ok: true,
      eventId,
      response: {
        reference,
        status: 'accepted',
        duplicate: false,
        serviceCode: 'pothole',
        receivedAt: expect.any(String),
        trackUrl: `https://city.example/track/${reference}`,
      },
    });
    expect(publisher.published).toHaveLength(1);
    const { key, event } = publisher.published[0];
    expect(key).toBe(`${TENANT}:web:key-1`);
    expect(event).toMatchObject({
      eventId,
      type: 'RequestReceived',
      tenantId: TENANT,
      correlationId: 'correlation-1',
      payload: {
        reference,
        idempotencyKey: 'web:key-1',
        channel: 'web',
        channelDetails: { kind: 'portal', userAgent: 'test' },
        service: expect.objectContaining({ code: 'pothole' }),
        contact: expect.objectContaining({ email: 'anna@example.org' }),
      },
    });
    const receivedAt = outcome.ok ? outcome.response.receivedAt : '';
    expect(event.payload.receivedAt).toBe(receivedAt);
    expect(event.payload.submittedAt).toBe(receivedAt);
    expect(memory.keys.get(`${TENANT}:web:key-1`)).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      reference,
      serviceCode: 'pothole',
      receivedAt,
    });
    // The Open311 token (the event id) leads to the reference.
    expect(await memory.referenceOfToken(TENANT, eventId)).toBe(reference);
  });

  it("a request for another city is checked against that city's services, and goes out as that city's", async () => {
    // The other city has no pothole service: refused there, whatever this city offers.
    const refused = await submit.submit(body(), web('web:key-o1', { city: 'other' }));
    expect(refused).toMatchObject({ ok: false, status: 400, errors: [{ field: 'serviceCode' }] });
    expect(publisher.published).toHaveLength(0);

    const signedIn = { email: 'anna@example.org', firstName: 'Anna', lastName: 'Jansen' };
    const outcome = await submit.submit(
      body({ serviceCode: 'parking-permit', location: undefined }),
      web('web:key-o2', { city: 'other', citizen: signedIn }),
    );
    expect(outcome).toMatchObject({
      ok: true,
      response: { reference: referenceFromKey('other', 'web:key-o2') },
    });
    expect(publisher.published[0]).toMatchObject({ key: 'other:web:key-o2', event: { tenantId: 'other' } });
    // The same key in two cities is two requests: each city's memory is its own.
    expect(memory.keys.has('other:web:key-o2')).toBe(true);
    // Its acknowledgement links to that city's own portal.
    expect(outcome.ok && outcome.response.trackUrl).toBe(
      `https://other.example/track/${referenceFromKey('other', 'web:key-o2')}`,
    );
    expect(memory.keys.has(`${TENANT}:web:key-o2`)).toBe(false);
  });

  it('the same request again under the same key is the first one, acknowledged as a duplicate and not published twice', async () => {
    const first = await submit.submit(body(), web('web:key-2'));
    const again = await submit.submit(body(), web('web:key-2'));

    expect(publisher.published).toHaveLength(1);
    expect(again).toEqual({
      ok: true,
      eventId: first.ok ? first.eventId : '',
      response: { ...(first.ok ? first.response : {}), duplicate: true },
    });
  });

  it('refuses another request under a used key (422), and any request while one under its key is under way (409)', async () => {
    await submit.submit(body(), web('web:key-3'));
    expect(await submit.submit(body({ description: 'something else' }), web('web:key-3'))).toEqual({
      ok: false,
      status: 422,
      message: 'This idempotency key was used for a different request.',
      errors: [{ field: 'idempotencyKey', reason: 'already used for a different request' }],
    });

    memory.keys.set(`${TENANT}:web:key-4`, { pending: true });
    expect(await submit.submit(body(), web('web:key-4'))).toEqual({
      ok: false,
      status: 409,
      message: 'A request with this idempotency key is being submitted; retry in a moment.',
      errors: [{ field: 'idempotencyKey', reason: 'in progress' }],
    });
    expect(publisher.published).toHaveLength(1);
  });

  it('refuses a request the catalogue says is not valid (400, the fields at fault) before touching the memory', async () => {
    expect(await submit.submit(body({ serviceCode: 'no-such-service' }), web('web:key-5'))).toEqual({
      ok: false,
      status: 400,
      message: 'The request is not valid; see errors.',
      errors: [{ field: 'serviceCode', reason: 'unknown service "no-such-service"' }],
    });
    expect(memory.begun).toEqual([]);
    expect(publisher.published).toEqual([]);
  });

  it('while the catalogue is still loading, nothing is checked or published: 503, try again in 2 s', async () => {
    catalogue.loaded = false;
    expect(await submit.submit(body(), web('web:key-6'))).toEqual({
      ok: false,
      status: 503,
      message: 'The service catalogue is still loading; try again shortly.',
      retryAfterSeconds: 2,
    });
    expect(memory.begun).toEqual([]);
    expect(publisher.published).toEqual([]);
  });

  it('the broker not acknowledging: 503, nothing submitted, and the key forgotten so that the retry is tried afresh', async () => {
    publisher.down = true;
    expect(await submit.submit(body(), web('web:key-7'))).toEqual({
      ok: false,
      status: 503,
      message: 'We could not record your request just now; nothing was submitted. Please try again.',
      retryAfterSeconds: 5,
    });
    expect(memory.abandoned).toEqual(['web:key-7']);

    publisher.down = false;
    const retried = await submit.submit(body(), web('web:key-7'));
    expect(retried).toMatchObject({ ok: true, response: { duplicate: false } });
    expect(publisher.published).toHaveLength(1);
  });

  it('without the memory a request still goes, under the same reference and event id (consumers drop a repeat)', async () => {
    memory.away = true;
    const first = await submit.submit(body(), web('web:key-8'));
    const again = await submit.submit(body(), web('web:key-8'));

    expect(publisher.published.map((p) => p.event.eventId)).toEqual([
      eventIdFromKey(TENANT, 'web:key-8'),
      eventIdFromKey(TENANT, 'web:key-8'),
    ]);
    expect(first).toMatchObject({ ok: true, response: { duplicate: false } });
    expect(again).toMatchObject({ ok: true, response: { duplicate: false } });

    publisher.down = true;
    await submit.submit(body(), web('web:key-9'));
    // A key it did not begin is not abandoned.
    expect(memory.abandoned).toEqual([]);
  });

  it('a channel where a person is there to retry gets a key made by the gateway (the memory is not asked), and an offline kiosk item keeps when it was made', async () => {
    const phone = await submit.submit(
      body({ contact: { phone: '07700 900123' } }),
      web(null, {
        channel: 'phone',
        channelDetails: { kind: 'agent-assisted', agentId: 'agent-17', callId: 'call-1', callerNumber: null },
      }),
    );
    expect(phone.ok).toBe(true);
    expect(memory.begun).toEqual([]);
    const { key, event } = publisher.published[0];
    expect(event.payload.idempotencyKey).toMatch(/^phone:[0-9a-f-]{36}$/);
    expect(key).toBe(`${TENANT}:${event.payload.idempotencyKey}`);
    expect(event.payload.reference).toBe(referenceFromKey(TENANT, event.payload.idempotencyKey));

    await submit.submit(body(), web('web:key-10', { submittedAt: new Date('2026-03-01T08:30:00Z') }));
    expect(publisher.published[1].event.payload.submittedAt).toBe('2026-03-01T08:30:00.000Z');
  });

  describe('who may ask: a signed-in service on the web needs the citizen signed in', () => {
    const anna = { email: 'anna@example.org', firstName: 'Anna', lastName: 'de Vries' };
    const application = (over: Partial<SubmitRequestBody> = {}) =>
      body({ serviceCode: 'parking-permit', location: undefined, ...over });

    it('refuses it without a sign-in (401 at Authorization), before the memory or the broker', async () => {
      expect(await submit.submit(application(), web('web:permit-1'))).toEqual({
        ok: false,
        status: 401,
        message: expect.stringMatching(/^Sign in/),
        errors: [{ field: 'Authorization', reason: SIGN_IN_NEEDED }],
      });
      expect(SIGN_IN_NEEDED).toBe('sign in to request this service');
      expect(memory.begun).toEqual([]);
      expect(publisher.published).toEqual([]);
    });

    it("takes the signed-in citizen's verified email and name as the contact, whatever the body says", async () => {
      const outcome = await submit.submit(
        application({
          contact: { firstName: 'Someone', email: 'someone@example.org', phone: '07700 900123' },
        }),
        web('web:permit-2', { citizen: anna }),
      );
      expect(outcome.ok).toBe(true);
      expect(publisher.published[0].event.payload.contact).toEqual({
        firstName: 'Anna',
        lastName: 'de Vries',
        email: 'anna@example.org',
        phone: '+447700900123',
        address: null,
      });
      // No contact in the body at all: the sign-in fills it.
      await submit.submit(application({ contact: undefined }), web('web:permit-3', { citizen: anna }));
      expect(publisher.published[1].event.payload.contact).toMatchObject({ email: 'anna@example.org' });
    });

    it('refuses a sign-in without a verified email (403): the case could not be tied to the person', async () => {
      expect(
        await submit.submit(application(), web('web:permit-4', { citizen: { ...anna, email: null } })),
      ).toMatchObject({ ok: false, status: 403, errors: [{ field: 'Authorization' }] });
    });

    it('elsewhere staff take the contact: the phone needs no sign-in, but an email or a phone', async () => {
      const phone = web(null, {
        channel: 'phone',
        channelDetails: { kind: 'agent-assisted', agentId: 'agent-17', callId: 'call-2', callerNumber: null },
      });
      expect((await submit.submit(application(), phone)).ok).toBe(true);
      expect(await submit.submit(application({ contact: { firstName: 'Lars' } }), phone)).toEqual({
        ok: false,
        status: 400,
        message: 'The request is not valid; see errors.',
        errors: [{ field: 'contact', reason: 'this service needs an email or a phone number to reach you' }],
      });
    });

    it('an anonymous service needs no sign-in, and a signed-in citizen reporting one is its contact', async () => {
      expect((await submit.submit(body({ contact: undefined }), web('web:pothole-1'))).ok).toBe(true);
      await submit.submit(
        body({ contact: { email: 'typo@example.org' } }),
        web('web:pothole-2', { citizen: anna }),
      );
      expect(publisher.published[1].event.payload.contact).toMatchObject({
        firstName: 'Anna',
        email: 'anna@example.org',
      });
    });
  });
});
