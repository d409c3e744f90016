import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { RATE_LIMIT_DEFAULTS } from '@city/platform-config';

/** A run's own Redis key prefix for rate-limit counts, so that runs (and engineers) do not share allowances. */
export const rateLimitPrefix = (name = 'test') => `${name}-rl-${randomUUID().slice(0, 8)}:`;

/**
 * Settings for a service under a test that is not about rate limits: counts under keys of the run's
 * own, and allowances no test reaches (tests about limits set small ones themselves).
 */
export const roomyRateLimits = (prefix = rateLimitPrefix()) => ({
  RATE_LIMIT_PREFIX: prefix,
  RATE_LIMITS: Object.keys(RATE_LIMIT_DEFAULTS)
    .map((name) => `${name}=1000000000/1m`)
    .join(','),
});

/** Removes a run's rate-limit counts from Redis (they would expire anyway, within their windows). */
export async function removeRateLimitCounts(redisUrl: string, prefix: string): Promise<void> {
  if (!prefix.includes('-rl-')) throw new Error(`"${prefix}" is not a test run's rate-limit prefix`);
  const redis = new IORedis(redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 }))
      keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
