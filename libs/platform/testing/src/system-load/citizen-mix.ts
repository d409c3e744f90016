import { randomUUID } from 'node:crypto';
import { asUser, type DemoUser } from '../keycloak-tokens';

/** The four channels a city's requests come in on. */
export type MixChannel = 'web' | 'phone' | 'counter' | 'kiosk';

/** How a city's requests divide between channels (issue 14): half on the web, a third by phone. */
export const CHANNEL_SHARES: Readonly<Record<MixChannel, number>> = {
  web: 0.5,
  phone: 0.3,
  counter: 0.1,
  kiosk: 0.1,
};
/** The share of reports made a few metres from one already open (the same thing, seen twice). */
export const NEAR_SHARE = 0.1;

/** Street reports of the demo catalogue that every channel takes, with answers to their questions. */
export const MIX_SERVICES: Readonly<Record<string, () => Record<string, string | string[]>>> = {
  pothole: () => ({ depth: 'deep', 'road-type': 'carriageway', hazard: 'no' }),
  'missed-bin': () => ({
    'bin-type': 'general',
    'collection-date': new Date(Date.now() - 86_400_000).toISOString(),
    'out-by-7': 'yes',
  }),
  graffiti: () => ({ offensive: 'no', surface: 'wall' }),
  flytipping: () => ({ 'waste-type': ['household'], size: 'bag' }),
};

/** The queues and skills the demo routing sends those reports to: what the agents of a mix work. */
export const MIX_AGENT_PROFILE = {
  queues: ['highways', 'highways-north', 'highways-south', 'waste', 'cleansing', 'contact-centre'],
  skills: ['nl', 'sv', 'assisted-contact', 'hazmat'],
  capacity: 100,
};

/** One request as a channel sends it to the gateway. */
export interface MixSubmission {
  channel: MixChannel;
  service: string;
  path: string;
  body: Record<string, unknown> & { idempotencyKey: string };
  headers(): Promise<Record<string, string>>;
  /** Made a few metres from a report already accepted. */
  near: boolean;
}

const pick = <T>(xs: readonly T[], r: number): T => xs[Math.floor(r * xs.length) % xs.length];
const PHONE_AGENTS: DemoUser[] = ['agent-17', 'agent-18'];
const CLERKS: DemoUser[] = ['clerk-2', 'clerk-9'];
const LANGUAGES = ['en', 'nl', 'sv'] as const;

/**
 * Requests as a city gets them: the channel by CHANNEL_SHARES, a street report of MIX_SERVICES
 * somewhere in the demo city (Rotterdam), each from a citizen of their own (a new email; a third
 * also give a mobile number and want texts), in one of the city's languages, and a tenth a few
 * metres from one accepted before (the same service), which the case-service should link as a
 * likely duplicate rather than drop. Every request carries its own idempotency key, so a client
 * that did not hear the answer can send it again safely.
 */
export class CitizenMix {
  private readonly places: Array<{ service: string; lat: number; long: number }> = [];
  private n = 0;

  constructor(
    private readonly random: () => number = Math.random,
    private readonly kioskToken = 'demo-kiosk-token-01',
  ) {}

  next(): MixSubmission {
    const r = this.random();
    let channel: MixChannel = 'web';
    let acc = 0;
    for (const [c, share] of Object.entries(CHANNEL_SHARES) as Array<[MixChannel, number]>) {
      acc += share;
      if (r < acc) {
        channel = c;
        break;
      }
    }
    const near = this.places.length > 0 && this.random() < NEAR_SHARE;
    const earlier = near ? pick(this.places, this.random()) : null;
    const service = earlier?.service ?? pick(Object.keys(MIX_SERVICES), this.random());
    // A few metres away (0.00005° is about 5 m), or anywhere in the city.
    const lat = earlier ? earlier.lat + (this.random() - 0.5) * 0.0001 : 51.86 + this.random() * 0.12;
    const long = earlier ? earlier.long + (this.random() - 0.5) * 0.0001 : 4.4 + this.random() * 0.18;
    const id = randomUUID();
    const texts = this.random() < 0.33;
    const mobile = `+316${String(Math.floor(this.random() * 1e8)).padStart(8, '0')}`;
    const body: MixSubmission['body'] = {
      serviceCode: service,
      attributes: MIX_SERVICES[service](),
      location: { lat: round6(lat), long: round6(long) },
      contact: {
        firstName: 'Mix',
        lastName: `Citizen ${++this.n}`,
        email: `mix-${id}@example.org`,
        ...(texts ? { phone: mobile } : {}),
      },
      ...(texts ? { preferredChannel: 'sms' } : {}),
      language: pick(LANGUAGES, this.random()),
      idempotencyKey: id,
    };
    const who = this.random();
    switch (channel) {
      case 'web':
        return { channel, service, near, path: '/api/v1/requests', body, headers: async () => ({}) };
      case 'phone':
        return {
          channel,
          service,
          near,
          path: '/api/v1/phone/requests',
          body: { ...body, callId: `call-${id.slice(0, 8)}` },
          headers: () => asUser(pick(PHONE_AGENTS, who)),
        };
      case 'counter':
        return {
          channel,
          service,
          near,
          path: '/api/v1/counter/requests',
          body: { ...body, office: 'Town Hall', counter: String(1 + Math.floor(who * 4)) },
          headers: () => asUser(pick(CLERKS, who)),
        };
      case 'kiosk':
        return {
          channel,
          service,
          near,
          path: '/api/v1/kiosk/requests',
          body: { ...body, capturedAt: new Date().toISOString() },
          headers: async () => ({ authorization: `Bearer ${this.kioskToken}` }),
        };
    }
  }

  /** Remembers where an accepted report is, for the near ones to come (the last 500). */
  accepted(s: MixSubmission): void {
    const { lat, long } = s.body.location as { lat: number; long: number };
    this.places.push({ service: s.service, lat, long });
    if (this.places.length > 500) this.places.shift();
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
