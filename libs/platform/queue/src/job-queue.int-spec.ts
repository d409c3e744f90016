import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createLogger } from '@city/platform-logging';
import { redisProxy } from './redis-proxy';
import { JobQueue } from './job-queue';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Longest a caller may wait for "no" while Redis is away: far inside a Kafka session (30 s). */
const BOUND_MS = 2_000;

/** How a call ends within the bound: done, failed, or still waiting. */
async function within(call: () => Promise<unknown>): Promise<{ outcome: string; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    call().then(
      () => 'done',
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
      const { outcome, ms } = await within(async () =>
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
      const away = await within(async () =>
        (await jobs.queue()).add('wake', { caseId: 'while-away' }, { jobId: 'while-away' }),
      );
      expect(away.outcome).toBe('failed');
      expect(away.ms).toBeLessThan(BOUND_MS);

      await proxy.open();
      const deadline = Date.now() + 15_000;
      let back = await within(async () =>
        (await jobs.queue()).add('wake', { caseId: 'after' }, { jobId: 'after' }),
      );
      while (back.outcome !== 'done' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        back = await within(async () =>
          (await jobs.queue()).add('wake', { caseId: 'after' }, { jobId: 'after' }),
        );
      }
      expect(back.outcome).toBe('done');
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

  /** A worker whose one job has begun and waits for `finish()`. */
  async function jobUnderWay(queueName: string, redisUrl: string) {
    const jobs = new JobQueue<{ caseId: string }>(queueName, { redisUrl, prefix, logger });
    let finish!: () => void;
    const begun = new Promise<void>((r) =>
      jobs.work(async () => {
        r();
        await new Promise<void>((f) => (finish = f));
      }, 1),
    );
    await (await jobs.queue()).add('wake', { caseId: 'c-1' }, { jobId: 'c-1' });
    await begun;
    return { jobs, finish: () => finish() };
  }
  const stateOf = async (queueName: string) => {
    const queue = new Queue(queueName, { connection: { url: REDIS_URL }, prefix });
    try {
      return await queue.getJobState('c-1');
    } finally {
      await queue.close();
    }
  };

  it('closing lets the job under way finish while Redis answers', async () => {
    const { jobs, finish } = await jobUnderWay('close-finishes', REDIS_URL);
    let closed = false;
    const closing = jobs.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(closed).toBe(false);
    finish();
    await closing;
    expect(await stateOf('close-finishes')).toBe('completed');
  });

  it('closing while Redis is away returns at once, and the job under way stays in Redis to be run again', async () => {
    const proxy = await redisProxy();
    const { jobs, finish } = await jobUnderWay('close-away', proxy.url);
    await proxy.cut();
    finish();
    const { outcome, ms } = await within(() => jobs.close());
    expect(outcome).toBe('done'); // rather than waiting for Redis
    expect(ms).toBeLessThan(BOUND_MS);
    // Not lost: still active under its lapsing lock, so a worker of the next start takes it up as stalled.
    expect(await stateOf('close-away')).toBe('active');
  }, 30_000);
});
