import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The allowances of the anonymous endpoints, `<policy>.<scope>` = `<count>/<window>`: per client
 * address (`client`), and per what the request aims at (`target`: the contact address that receives
 * an acknowledgement, the reference whose second factor is tried). Routes name their policy with
 * `@RateLimit(...)` (platform-http); `RATE_LIMITS` overrides any of these.
 */
export const RATE_LIMIT_DEFAULTS = {
  /** Web and Open311 submissions: per client, and per email or phone that is sent the acknowledgement. */
  'submission.client': '20/1m',
  'submission.target': '5/1h',
  /** A citizen's look-up of a request in the case record by reference plus email or phone: per client, and per reference. */
  'second-factor.client': '10/1m',
  'second-factor.target': '10/1h',
  /** The portal inbox (the same second factor), counted apart from the case-record look-up it makes. */
  'inbox.client': '10/1m',
  'inbox.target': '10/1h',
  /** The IVR's status look-up (the telephony platform asks for every caller, so it is one client). */
  'ivr-status.client': '120/1m',
  /** Open311 GET reads: discovery, services, requests. */
  'open311-read.client': '60/1m',
  /** Opening or confirming an opt-out link. */
  'opt-out.client': '10/1m',
  /** Opening the satisfaction question's emailed link, or answering it (the signed token is the credential). */
  'satisfaction-link.client': '20/1m',
  /** Counter tickets (a kiosk by the door is one client). */
  'ticket.client': '60/1m',
} as const;

export type RateLimitName = keyof typeof RATE_LIMIT_DEFAULTS;
/** A policy a route can name, e.g. `submission`. */
export type RateLimitPolicy = RateLimitName extends `${infer P}.${string}` ? P : never;
export type RateLimitScope = 'client' | 'target';
export interface RateLimitSetting {
  max: number;
  windowMs: number;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `5/1h` → 5 per hour; null when it is not `<count>/<number><s|m|h|d>` with both at least 1. */
export function parseRateLimit(text: string): RateLimitSetting | null {
  const m = /^(\d+)\s*\/\s*(\d+)\s*([smhd])$/.exec(text.trim());
  if (!m) return null;
  const max = Number(m[1]);
  const windowMs = Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
  return max >= 1 && windowMs >= 1_000 ? { max, windowMs } : null;
}

const DEFAULT_LIMITS = Object.fromEntries(
  Object.entries(RATE_LIMIT_DEFAULTS).map(([name, text]) => {
    const setting = parseRateLimit(text);
    if (!setting) throw new Error(`RATE_LIMIT_DEFAULTS["${name}"]: "${text}" is not <count>/<window>`);
    return [name, setting];
  }),
) as Record<RateLimitName, RateLimitSetting>;

/** `RATE_LIMITS=submission.target=5/1h,second-factor.client=10/1m`: the ones named, over the defaults. */
export const rateLimits = () =>
  z
    .string()
    .default('')
    .transform((s, ctx) => {
      const limits = { ...DEFAULT_LIMITS };
      for (const item of s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)) {
        const [name, value = ''] = item.split('=').map((x) => x.trim());
        const setting = parseRateLimit(value);
        if (!(name in RATE_LIMIT_DEFAULTS))
          ctx.addIssue({
            code: 'custom',
            message: `${name}: no such limit (known: ${Object.keys(RATE_LIMIT_DEFAULTS).join(', ')})`,
          });
        else if (!setting)
          ctx.addIssue({
            code: 'custom',
            message: `${name}: "${value}" is not <count>/<window>, e.g. 5/1h, 20/1m, 30/10s`,
          });
        else limits[name as RateLimitName] = setting;
      }
      return limits;
    });

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Whether `text` is an IPv4 or IPv6 address, with or without a /prefix, or a range name proxy-addr knows. */
function isAddressOrNetwork(text: string): boolean {
  if (NAMED_RANGES.includes(text)) return true;
  const [address, prefix, ...rest] = text.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * The reverse proxies (addresses or networks, comma-separated; `loopback`, `linklocal` and
 * `uniquelocal` name those ranges) whose X-Forwarded-For is believed. Empty: none, and a client's
 * address is the one it connects from.
 */
export const trustedProxies = () =>
  z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine(isAddressOrNetwork, {
          error: (i) =>
            `"${String(i.input)}" is not an address, a network (address/prefix), loopback, linklocal or uniquelocal`,
        }),
      ),
    );

/** The settings every service with anonymous HTTP routes has: who may forward a client's address, and the allowances. */
export const edgeConfigShape = {
  TRUSTED_PROXIES: trustedProxies(),
  RATE_LIMITS: rateLimits(),
  /** Prepended to the Redis keys of the counts; tests use one each. */
  RATE_LIMIT_PREFIX: z.string().default('rate-limit:'),
};
