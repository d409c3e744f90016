import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { createLogger } from '@city/platform-logging';
import { redisProxy } from './redis-proxy';
import { JobQueue } from './job-queue';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Longest a caller may wait for "no" while Redis is away: far inside a Kafka session (30 s). */
const BOUND_MS = 2_000;

/** How an add ends within the bound: added, failed, or still waiting. */
async function addWithin(add: () => Promise<unknown>): Promise<{ outcome: string; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    add().then(
      () => 'added',
      () => 'failed',
    ),
    new Promise<string>((r) => (timer = setTimeout(() => r('still waiting'), BOUND_MS))),
  ]);
  clearTimeout(timer);
  return { outcome, ms: Date.now() - started };
}

describe('JobQueue while Redis is away (real Redis behind a proxy; the shared server is never touched)', () => {
  const logger = createLogger('test', 'silent');
  const prefix = `jq-test-${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    const redis = new IORedis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('adding a job fails at once when Redis cannot be reached, instead of waiting for it', async () => {
    const jobs = new JobQueue<{ caseId: string }>('unreachable', {
      redisUrl: 'redis://127.0.0.1:1',
      prefix,
      logger,
    });
    try {
      const { outcome, ms } = await addWithin(async () =>
        (await jobs.queue()).add('wake', { caseId: 'c-1' }, { jobId: 'c-1' }),
      );
      expect(outcome).toBe('failed');
      expect(ms).toBeLessThan(BOUND_MS);
    } finally {
      await jobs.close();
    }
  });

  it('Redis gone after start: adding fails at once; Redis back: adding works again, without a restart', async () => {
    const proxy = await redisProxy();
    const jobs = new JobQueue<{ caseId: string }>('proxied', { redisUrl: proxy.url, prefix, logger });
    const redis = new IORedis(REDIS_URL);
    try {
      await (await jobs.queue()).add('wake', { caseId: 'before' }, { jobId: 'before' });

      await proxy.cut();
      const away = await addWithin(async () =>
        (await jobs.queue()).add('wake', { caseId: 'while-away' }, { jobId: 'while-away' }),
      );
      expect(away.outcome).toBe('failed');
      expect(away.ms).toBeLessThan(BOUND_MS);

      await proxy.open();
      const deadline = Date.now() + 15_000;
      let back = await addWithin(async () =>
        (await jobs.queue()).add('wake', { caseId: 'after' }, { jobId: 'after' }),
      );
      while (back.outcome !== 'added' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        back = await addWithin(async () =>
          (await jobs.queue()).add('wake', { caseId: 'after' }, { jobId: 'after' }),
        );
      }
      expect(back.outcome).toBe('added');
      // In Redis: the jobs added while it answered, not the one refused.
      const exists = async (id: string) => (await redis.exists(`${prefix}:proxied:${id}`)) === 1;
      expect([await exists('before'), await exists('while-away'), await exists('after')]).toEqual([
        true,
        false,
        true,
      ]);
    } finally {
      redis.disconnect();
      await jobs.close();
      await proxy.cut();
    }
  }, 30_000);
});
