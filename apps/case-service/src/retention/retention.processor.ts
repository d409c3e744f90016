import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { isDomainError } from '@city/contracts';
import { APP_CONFIG, servedCities } from '@city/platform-config';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { JobQueue, JobQueues } from '@city/platform-queue';
import type { CaseConfig } from '../config';
import { ApplyRetentionUseCase, RETENTION_STALE_SECONDS } from './apply-retention/apply-retention.usecase';

const QUEUE = 'case-retention';
const SCHEDULER = 'retention-nightly';

/**
 * The nightly retention run on BullMQ (RETENTION_SCHEDULE, a cron in RETENTION_TIME_ZONE): one job
 * a night whichever replicas run, set again at every start (upsertJobScheduler: the same schedule
 * once), each served city's run in turn. Redis away at start: logged, and tried again each minute; a
 * night missed is done the next night (a run takes every request past its time, however far past).
 */
@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly jobs: JobQueue<Record<string, never>>;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly retention: ApplyRetentionUseCase,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Optional() queues?: JobQueues,
  ) {
    this.jobs = new JobQueue(QUEUE, {
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX || `q-${config.DB_SCHEMA}`,
      logger,
      registry: queues,
    });
  }

  onApplicationBootstrap(): void {
    void this.setUp();
  }

  /**
   * Sets the schedule, then starts the worker: while Redis does not answer, neither (a worker would
   * wait for it, and hold the service's shutdown); tried again each minute until it does.
   */
  private async setUp(): Promise<void> {
    if (this.stopped) return;
    try {
      const queue = await this.jobs.queue();
      if (this.config.RETENTION_SCHEDULE === 'off') {
        // Turned off: a schedule set by an earlier start goes too (no job is made for no worker).
        await queue.removeJobScheduler(SCHEDULER);
        return;
      }
      await queue.upsertJobScheduler(
        SCHEDULER,
        { pattern: this.config.RETENTION_SCHEDULE, tz: this.config.RETENTION_TIME_ZONE },
        {
          name: 'retention',
          data: {},
          // Tried again later in the night when a city's run could not finish or begin (a service away,
          // or a run under way: an administrator's, or one whose process is gone and is cut short once stale).
          opts: {
            removeOnComplete: 30,
            removeOnFail: 30,
            attempts: 4,
            backoff: { type: 'fixed', delay: (RETENTION_STALE_SECONDS + 60) * 1000 },
          },
        },
      );
      this.jobs.work(() => this.runAll(), 1);
    } catch (e) {
      this.logger.warn(
        { err: (e as Error).message },
        'retention schedule not set yet; trying again in a minute',
      );
      this.retry = setTimeout(() => void this.setUp(), 60_000);
    }
  }

  /** Each city's run, one after another; one city's failure (a service away) does not keep the others from theirs. */
  private async runAll(): Promise<void> {
    const failed: string[] = [];
    for (const city of servedCities(this.config)) {
      try {
        const report = await this.retention.execute(city, 'schedule');
        this.logger.info(
          { city, cases: report.cases, run: report.id, outcome: report.outcome },
          'retention run',
        );
      } catch (e) {
        failed.push(city);
        if (isDomainError(e) && e.code === 'retention.run-under-way') {
          // An administrator's run, or one whose process is gone: tried again once that one is done or stale.
          this.logger.info({ city }, 'retention run not begun: another is under way; trying again later');
          continue;
        }
        this.logger.warn(
          { city, err: (e as Error).message },
          'retention run stopped; the next run does the rest',
        );
      }
    }
    // Failed: BullMQ tries the job again (its attempts), then keeps it as failed (the job board shows
    // it) and the next night runs again. A city done already finds nothing due when it is tried again.
    if (failed.length > 0) throw new Error(`retention runs not done for ${failed.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.jobs.close();
  }
}
