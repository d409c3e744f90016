import { Queue, Worker, type Job } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface JobQueueOptions {
  redisUrl: string;
  /** Prepended to BullMQ's Redis keys; tests use one each. */
  prefix: string;
  logger: Logger;
}

/**
 * A BullMQ queue and (once started) its worker, on one Redis connection each, as every service uses
 * them: Redis being away is logged, never thrown at the process (BullMQ reconnects); readiness is a
 * PING; close() stops the worker (letting its job finish), then the queue and the connections.
 * Jobs only wake the service: what they are about lives in Postgres, and each service's reconciler
 * queues it again if Redis lost it.
 */
export class JobQueue<T> {
  readonly name = 'redis';
  readonly queue: Queue<T>;
  private readonly connection: Redis;
  private worker: Worker<T> | null = null;

  constructor(
    private readonly queueName: string,
    private readonly o: JobQueueOptions,
  ) {
    this.connection = new IORedis(o.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (e) => o.logger.warn({ err: e.message, queue: queueName }, 'redis unavailable'));
    this.queue = new Queue<T>(queueName, { connection: this.connection, prefix: o.prefix });
  }

  /** Starts working the queue: `process` runs for each job, up to `concurrency` at once. */
  work(process: (job: Job<T>) => Promise<void>, concurrency: number): Worker<T> {
    this.worker = new Worker<T>(this.queueName, process, { connection: this.connection.duplicate(), prefix: this.o.prefix, concurrency });
    this.worker.on('error', (e) => this.o.logger.warn({ err: e.message, queue: this.queueName }, 'queue worker error'));
    return this.worker;
  }

  /** Readiness: Redis answers. */
  async check(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }
}
