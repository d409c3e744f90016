import { Queue, Worker, type Job } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobQueues } from './job-queues';

export interface JobQueueOptions {
  redisUrl: string;
  /** Prepended to BullMQ's Redis keys; tests use one each. */
  prefix: string;
  logger: Logger;
  /** The service's registry of queues: the queue is counted for its metrics and shown on the admins' board. */
  registry?: JobQueues;
}

/** Redis does not answer now: nothing was queued. The caller's reconciler queues it once Redis is back. */
export class RedisUnavailableError extends Error {
  constructor(queue: string, status: string) {
    super(`Redis is not available for queue ${queue} (${status}); nothing was queued`);
    this.name = 'RedisUnavailableError';
  }
}

/** How long the first use waits for the first connection to Redis at start-up, at most. */
const FIRST_CONNECT_WAIT_MS = 2_000;

/**
 * A BullMQ queue and (once started) its worker, as every service uses them: Redis being away is
 * logged, never thrown at the process (BullMQ reconnects); readiness is a PING; close() stops the
 * worker (letting its job finish), then the queue and the connections.
 * Jobs only wake the service: what they are about lives in Postgres, and each service's reconciler
 * queues it again if Redis lost it, or was away when it was to be queued.
 *
 * So adding, finding and removing jobs fails at once while Redis is away, rather than waiting for it:
 * the callers run inside Kafka handlers, and a handler that waits for Redis outlives its session and
 * sends its group into rebalances. The queue's connection keeps no offline queue (a command while
 * disconnected fails), gives up on a command in flight when the connection drops, and `queue()` refuses
 * while that connection is not ready (BullMQ itself would wait for Redis to come up first); only at
 * start-up does it wait for the first attempt to connect (a moment, at most FIRST_CONNECT_WAIT_MS).
 * The worker has connections of its own that wait for Redis, as BullMQ's blocking fetch requires.
 */
export class JobQueue<T> {
  readonly name = 'redis';
  private readonly connection: Redis;
  private readonly bullQueue: Queue<T>;
  private readonly firstAttempt: Promise<void>;
  private worker: Worker<T> | null = null;
  private closing = false;

  constructor(
    readonly queueName: string,
    private readonly o: JobQueueOptions,
  ) {
    this.connection = new IORedis(o.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.connection.on('error', (e) =>
      o.logger.warn({ err: e.message, queue: queueName }, 'redis unavailable'),
    );
    this.firstAttempt = new Promise<void>((resolve) => {
      const settle = () => {
        clearTimeout(timer);
        for (const event of ['ready', 'error', 'close']) this.connection.off(event, settle);
        resolve();
      };
      const timer = setTimeout(settle, FIRST_CONNECT_WAIT_MS);
      for (const event of ['ready', 'error', 'close']) this.connection.once(event, settle);
    });
    // No version check on this connection: a check that failed (Redis gone between connecting and
    // asking) would leave the queue broken for good; the worker's connections check it.
    this.bullQueue = new Queue<T>(queueName, {
      connection: this.connection,
      prefix: o.prefix,
      skipVersionCheck: true,
    });
    this.bullQueue.on('error', (e) => o.logger.debug({ err: e.message, queue: queueName }, 'queue error'));
    o.registry?.add(this);
  }

  /** The BullMQ queue as it is, connected or not (for counting and showing jobs; use queue() to add jobs). */
  bullMqQueue(): Queue {
    return this.bullQueue as unknown as Queue;
  }

  /**
   * The queue, to add, find and remove jobs; RedisUnavailableError at once while Redis is not
   * connected. Ask for it at each use rather than keeping it.
   */
  async queue(): Promise<Queue<T>> {
    await this.firstAttempt;
    if (this.connection.status !== 'ready')
      throw new RedisUnavailableError(this.queueName, this.connection.status);
    return this.bullQueue;
  }

  /** Starts working the queue: `process` runs for each job, up to `concurrency` at once. */
  work(process: (job: Job<T>) => Promise<void>, concurrency: number): Worker<T> {
    // Its own connections (BullMQ makes and closes them), which wait for Redis; reconnecting at ioredis's pace,
    // back within 2 s of Redis. Once closing, a lost connection is not tried again: its commands fail, so a
    // job in flight ends (to be run again, as stalled, by a worker of the next start) and close() returns,
    // rather than waiting for Redis for ever.
    const connection = {
      url: this.o.redisUrl,
      maxRetriesPerRequest: null,
      retryStrategy: (times: number) => (this.closing ? null : Math.min(times * 50, 2_000)),
    };
    this.worker = new Worker<T>(this.queueName, process, { connection, prefix: this.o.prefix, concurrency });
    this.worker.on('error', (e) =>
      this.o.logger.warn({ err: e.message, queue: this.queueName }, 'queue worker error'),
    );
    return this.worker;
  }

  /** Readiness: Redis answers. */
  async check(): Promise<void> {
    await this.firstAttempt;
    await this.connection.ping();
  }

  async close(): Promise<void> {
    this.o.registry?.remove(this);
    this.closing = true;
    await this.worker?.close();
    await this.bullQueue.close();
    this.connection.disconnect();
  }
}
