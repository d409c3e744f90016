import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import fastifyRateLimit, {
  normalizeIP,
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { BaseConfig, RateLimitName, RateLimitPolicy } from '@city/platform-config';
import { APP_LOGGER } from '@city/platform-logging';
import { ApiError } from './errors';

/**
 * What a route's per-target allowance counts: the values `of` reads from the request (normalised,
 * so that one address written two ways is one target), and how a refusal names them.
 */
export interface RateLimitTarget<C = BaseConfig> {
  /** e.g. `contact address`, `reference`: "Too many requests for this reference". */
  label: string;
  of: (req: FastifyRequest, config: C) => string | null | undefined | Array<string | null | undefined>;
}

interface DeclaredLimit {
  policy: RateLimitPolicy;
  target?: RateLimitTarget<never>;
}

/** The key of a route's limit in its Fastify route config. */
const ROUTE_CONFIG_KEY = 'cityRateLimit';

/**
 * Limits an anonymous route by the named policy of RATE_LIMITS: per client address always, and per
 * target too when `target` says what the request aims at. Routes naming the same policy share the
 * allowances (a contact address has one allowance on the web and on Open311). Kept in the route's
 * Fastify config, beside what other decorators put there.
 */
export function RateLimit<C extends BaseConfig>(
  policy: RateLimitPolicy,
  target?: RateLimitTarget<C>,
): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const config =
      (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as Record<string, unknown> | undefined) ??
      {};
    Reflect.defineMetadata(
      FASTIFY_ROUTE_CONFIG_METADATA,
      { ...config, [ROUTE_CONFIG_KEY]: { policy, target } satisfies DeclaredLimit },
      handler,
    );
  };
}

/**
 * Fastify's `trustProxy`: X-Forwarded-For is believed only from the configured proxies, so a client
 * cannot claim another address (and another allowance) by sending the header itself.
 */
export const clientAddressOptions = (config: Pick<BaseConfig, 'TRUSTED_PROXIES'>) => ({
  trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
});

/** Counts one more request in a window (fixed, starting at the first request) and says how many and how long it has left. */
const COUNT_IN_WINDOW = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

type CountingRedis = Redis & { countInWindow(key: string, windowMs: number): Promise<[number, number]> };

/** Fixed windows in this instance's memory: where requests are counted while Redis cannot be reached. */
export class MemoryWindows {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now = () => Date.now(),
  ) {}

  incr(key: string, windowMs: number): { current: number; ttl: number } {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.evict(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { current: w.count, ttl: w.resetAt - now };
  }

  /** Drops the ended windows, then the oldest, so that memory stays bounded whatever the traffic. */
  private evict(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

/**
 * @fastify/rate-limit's store: counts in Redis, so every replica holds the same count; when Redis
 * fails or is too slow to answer, in this instance's memory (the limit holds per replica) instead of
 * refusing or letting everything through.
 */
function redisStore(
  redis: CountingRedis,
  prefix: string,
  memory: MemoryWindows,
  fellBack: (e: Error) => void,
): FastifyRateLimitStoreCtor {
  return class RedisWindowStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      redis.countInWindow(prefix + key, timeWindow).then(
        ([current, ttl]) => callback(null, { current, ttl }),
        (e: Error) => {
          fellBack(e);
          callback(null, memory.incr(key, timeWindow));
        },
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

/** A target in a Redis key: a digest, so that no email address or phone number is stored there. */
const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** The key being counted: a limiter's keyGenerator sees only the request, and one request is counted under several keys. */
const KEY = Symbol('rate-limit key');
type Counted = FastifyRequest & { [KEY]?: string };

/**
 * Registers @fastify/rate-limit with the Redis store above, and gives every route declared with
 * `@RateLimit(...)` its checks: the client's allowance first (a client over it uses up no target's
 * allowance), then each target's. Over an allowance, 429 in the platform's error shape with
 * Retry-After. Call before the routes are registered (before `listen`/`init`).
 */
export async function useRateLimits<C extends BaseConfig>(
  app: NestFastifyApplication,
  config: C,
): Promise<void> {
  const logger = app.get<Logger>(APP_LOGGER);
  // A count must not hold a request up: no queueing while disconnected, and a short timeout.
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 300,
  }) as CountingRedis;
  redis.on('error', () => undefined); // reported below, where a count falls back to memory
  redis.defineCommand('countInWindow', { numberOfKeys: 1, lua: COUNT_IN_WINDOW });
  let warnedAt = 0;
  const fellBack = (e: Error) => {
    if (Date.now() - warnedAt < 10_000) return;
    warnedAt = Date.now();
    logger.warn(
      { err: e.message },
      "rate limits are counted in this instance's memory: Redis is unavailable",
    );
  };
  await app.register(fastifyRateLimit, {
    global: false,
    store: redisStore(redis, config.RATE_LIMIT_PREFIX, new MemoryWindows(), fellBack),
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onClose', async () => redis.disconnect());

  const limiters = new Map<RateLimitName, ReturnType<typeof fastify.createRateLimit>>();
  const limiterOf = (name: RateLimitName) => {
    let limiter = limiters.get(name);
    if (!limiter) {
      const { max, windowMs } = config.RATE_LIMITS[name];
      limiter = fastify.createRateLimit({
        max,
        timeWindow: windowMs,
        keyGenerator: (req) => (req as Counted)[KEY] ?? '',
      });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  fastify.addHook('onRoute', (route) => {
    const declared = (route.config as Record<string, unknown> | undefined)?.[ROUTE_CONFIG_KEY] as
      DeclaredLimit | undefined;
    if (!declared) return;
    const { policy, target } = declared;
    const clientLimit = `${policy}.client` as RateLimitName;
    const targetLimit = `${policy}.target` as RateLimitName;
    if (!config.RATE_LIMITS[clientLimit] || (target && !config.RATE_LIMITS[targetLimit])) {
      throw new Error(
        `${route.method} ${route.url}: rate limit "${policy}" needs ${target ? `${clientLimit} and ${targetLimit}` : clientLimit} in RATE_LIMITS`,
      );
    }
    const targetsOf = (req: FastifyRequest): string[] => {
      if (!target) return [];
      const values = [target.of(req, config as never) ?? []].flat();
      return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
    };
    const targetRefusal = `for this ${target?.label ?? 'target'}`;
    const check = async (req: FastifyRequest) => {
      const counts: Array<{ limit: RateLimitName; key: string; refusal: string }> = [
        { limit: clientLimit, key: `${policy}:client:${normalizeIP(req.ip)}`, refusal: 'from this client' },
        ...targetsOf(req).map((t) => ({
          limit: targetLimit,
          key: `${policy}:target:${digest(t)}`,
          refusal: targetRefusal,
        })),
      ];
      for (const { limit, key, refusal } of counts) {
        (req as Counted)[KEY] = key;
        const r = await limiterOf(limit)(req);
        if (r.isAllowed || !r.isExceeded) continue;
        const seconds = Math.max(1, r.ttlInSeconds);
        logger.info({ correlationId: req.id, limit, retryAfterSeconds: seconds }, 'rate limit reached');
        throw new ApiError(
          429,
          `Too many requests ${refusal}; try again in ${seconds} seconds.`,
          undefined,
          seconds,
        );
      }
    };
    route.preHandler = [...[route.preHandler ?? []].flat(), check];
  });
}
