import { DynamicModule, Global, Injectable, Module, Optional } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { METRICS, Metrics } from '@city/platform-metrics';

/** What the registry needs of a queue: its name and BullMQ queue (to count and show its jobs). */
export interface RegisteredQueue {
  readonly queueName: string;
  bullMqQueue(): Queue;
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/**
 * The service's BullMQ queues: counted for Prometheus (jobs per queue and state, asked of Redis when
 * it scrapes; a Redis that does not answer leaves the queue out of that scrape), and listed for the
 * administrators' board.
 */
@Injectable()
export class JobQueues {
  private readonly queues = new Set<RegisteredQueue>();

  constructor(@Optional() metrics?: Metrics) {
    if (metrics?.enabled)
      metrics.gauge(METRICS.queueJobs, 'BullMQ jobs by queue and state', ['queue', 'state'], async (g) => {
        g.reset();
        await Promise.all(
          [...this.queues].map(async (q) => {
            const counts = await q
              .bullMqQueue()
              .getJobCounts(...STATES)
              .catch(() => null);
            if (counts) for (const state of STATES) g.set({ queue: q.queueName, state }, counts[state] ?? 0);
          }),
        );
      });
  }

  add(queue: RegisteredQueue): void {
    this.queues.add(queue);
  }

  remove(queue: RegisteredQueue): void {
    this.queues.delete(queue);
  }

  all(): RegisteredQueue[] {
    return [...this.queues];
  }
}

/** The registry of the service's queues, for every module of it. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return { module: QueueModule, providers: [JobQueues], exports: [JobQueues] };
  }
}
