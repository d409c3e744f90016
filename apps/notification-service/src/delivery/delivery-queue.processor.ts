import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { APP_CONFIG, servedCities } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { JobQueue, JobQueues } from '@city/platform-queue';
import type { NotificationConfig } from '../config';
import { NotificationRepository, type PendingMark } from '../message-store/notification.repository';
import { DeliverNotificationUseCase } from './deliver-notification/deliver-notification.usecase';

interface DeliveryJob {
  notificationId: string;
}

const QUEUE = 'notifications';
/** How often the reconciler looks for messages whose job Redis lost (or whose worker died). */
const RECONCILE_EVERY_MS = 30_000;
/** Pending messages per reconciler query. */
const PAGE = 500;

/**
 * Sending on BullMQ: one job per message (its id is the notification's, so queueing twice is
 * queueing once), tried DELIVERY_ATTEMPTS times with exponential backoff. Postgres holds what is
 * owed: the reconciler queues every pending message whose lease is free at start and every 30 s, so
 * after Redis has lost everything, or a worker died mid-send, nothing owed is forgotten.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'redis';
  private readonly jobs: JobQueue<DeliveryJob>;
  private interval: NodeJS.Timeout | undefined;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deliver: DeliverNotificationUseCase,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Optional() queues?: JobQueues,
  ) {
    this.jobs = new JobQueue<DeliveryJob>(QUEUE, {
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      logger,
      registry: queues,
    });
  }

  private readonly jobOptions = () => ({
    attempts: this.config.DELIVERY_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: this.config.DELIVERY_BACKOFF_MS },
    removeOnComplete: true,
    // A job that used all its attempts is removed, so the reconciler can queue the message again.
    removeOnFail: true,
  });

  async onApplicationBootstrap(): Promise<void> {
    const worker = this.jobs.work((job) => this.process(job), this.config.DELIVERY_CONCURRENCY);
    worker.on('failed', (job, e) =>
      this.logger.warn(
        { notification: job?.data.notificationId, attempt: job?.attemptsMade, err: e.message },
        'message not sent this round; retried with backoff',
      ),
    );
    this.interval = setInterval(
      () =>
        void this.reconcile().catch((e: Error) =>
          this.logger.warn({ err: e.message }, 'delivery reconcile failed; next round retries'),
        ),
      RECONCILE_EVERY_MS,
    );
    await this.reconcile().catch((e: Error) =>
      this.logger.warn({ err: e.message }, 'delivery reconcile failed at start; next round retries'),
    );
  }

  private async process(job: Job<DeliveryJob>): Promise<void> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.deliver.execute(job.data.notificationId, lastAttempt);
    this.logger.debug({ notification: job.data.notificationId, outcome }, 'notification round');
  }

  /** Queues messages just committed; if Redis is away the reconciler queues them later. */
  async enqueue(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await (
      await this.jobs.queue()
    ).addBulk(
      ids.map((id) => ({
        name: 'deliver',
        data: { notificationId: id },
        opts: { jobId: id, ...this.jobOptions() },
      })),
    );
  }

  /** Every pending message of every city served whose lease is free gets its job (a job that exists already is left alone). */
  async reconcile(): Promise<number> {
    let total = 0;
    for (const city of servedCities(this.config)) {
      let after: PendingMark = { requestedAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
      for (;;) {
        const page = await this.notifications.pendingAfter(city, after, PAGE);
        await this.enqueue(page.map((n) => n.id));
        total += page.length;
        if (page.length < PAGE) break;
        after = page[page.length - 1];
      }
    }
    return total;
  }

  check(): Promise<void> {
    return this.jobs.check();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.jobs.close();
  }
}
