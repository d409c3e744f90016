import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { APP_CONFIG, servedCities } from '@city/platform-config';
import type { ReadinessCheck } from '@city/platform-health';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { METRICS, Metrics } from '@city/platform-metrics';
import { JobQueue, JobQueues } from '@city/platform-queue';
import { CLOCK, type Clock } from '../clock';
import type { WorkflowConfig } from '../config';
import type { SlaClock, SlaTargetKind } from '../clocks/sla-clock.entity';
import { SlaClockRepository } from '../clocks/sla-clock.repository';
import { FireSlaTimerUseCase, type TimerPhase } from './fire-sla-timer/fire-sla-timer.usecase';

interface TimerData {
  caseId: string;
  target: SlaTargetKind;
  phase: TimerPhase;
}

const QUEUE = 'sla-timers';
/** How often the reconciler looks again while running (Redis may have lost timers since). */
const RECONCILE_EVERY_MS = 60_000;
/**
 * Each minute it looks only at the timers due within this horizon (or overdue): a lost timer is armed
 * again at the latest this long before it is due, at the cost of the few clocks near their moment,
 * not of every live clock. Every live clock is looked at at start and once an hour.
 */
const HORIZON_MS = 15 * 60_000;
const FULL_ROUND_EVERY = 60;
/** Clocks per reconciler query. */
const PAGE = 1000;

/** The timers a clock needs now: its next moment to look at. */
function wanted(c: SlaClock): Array<{ phase: TimerPhase; at: Date }> {
  if (c.state === 'running')
    return [
      ...(c.warnAt ? [{ phase: 'warn' as const, at: c.warnAt }] : []),
      ...(c.dueAt ? [{ phase: 'breach' as const, at: c.dueAt }] : []),
    ];
  if (c.state === 'warned' && c.dueAt) return [{ phase: 'breach', at: c.dueAt }];
  return [];
}

/**
 * SLA timers on BullMQ. Postgres holds the due times; BullMQ only wakes the service at them. A timer
 * is one delayed job per clock and phase, with a deterministic id, so arming twice is arming once.
 * The reconciler re-arms every live clock at start and every minute, and moves a timer whose time
 * changed (a pause, or the clock the tests move): after Redis has lost everything, or the service
 * was down, every timer is there again and fires once (what fired is recorded with the clock).
 */
@Injectable()
export class SlaTimers implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'redis';
  private readonly jobs: JobQueue<TimerData>;
  private interval: NodeJS.Timeout | undefined;
  private rounds = 0;
  private readonly warnings?: Counter<'queue' | 'target'>;
  private readonly breaches?: Counter<'queue' | 'target'>;

  constructor(
    private readonly clocks: SlaClockRepository,
    private readonly fire: FireSlaTimerUseCase,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Optional() queues?: JobQueues,
    @Optional() metrics?: Metrics,
  ) {
    this.jobs = new JobQueue<TimerData>(QUEUE, {
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      logger,
      registry: queues,
    });
    if (metrics?.enabled) {
      this.warnings = metrics.counter(METRICS.slaWarnings, 'Service-level warnings, by queue and target', [
        'queue',
        'target',
      ]);
      this.breaches = metrics.counter(METRICS.slaBreaches, 'Service-level breaches, by queue and target', [
        'queue',
        'target',
      ]);
    }
  }

  private jobId(caseId: string, target: SlaTargetKind, phase: TimerPhase): string {
    return `${caseId}.${target}.${phase}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.work((job) => this.process(job), 4);
    this.interval = setInterval(() => {
      const full = ++this.rounds % FULL_ROUND_EVERY === 0;
      void this.reconcile(full ? undefined : HORIZON_MS).catch((e: Error) =>
        this.logger.warn({ err: e.message }, 'sla reconcile failed; next round retries'),
      );
    }, RECONCILE_EVERY_MS);
    await this.reconcile().catch((e: Error) =>
      this.logger.warn({ err: e.message }, 'sla reconcile failed at start; next round retries'),
    );
  }

  private async process(job: Job<TimerData>): Promise<void> {
    const { caseId, target, phase } = job.data;
    const { outcome, arm, queue } = await this.fire.execute(caseId, target, phase);
    if (outcome === 'warned' || outcome === 'breached')
      (outcome === 'warned' ? this.warnings : this.breaches)?.inc({ queue: queue ?? 'none', target });
    this.logger.info({ caseId, target, phase, outcome }, 'sla timer');
    if (arm.length > 0) await this.arm(...arm);
    // Went off before its time (the due time moved later): look again then.
    if (outcome === 'not-due') await this.arm((await this.clocks.findOne(caseId, target))!);
  }

  /** Arms (or moves) the timers of clocks; called after a change is committed. Fails at once while Redis is away (the reconciler arms them later). */
  async arm(...clocks: SlaClock[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (const c of clocks) {
      for (const { phase, at } of wanted(c)) {
        const delay = Math.max(0, at.getTime() - now);
        const id = this.jobId(c.caseId, c.target, phase);
        const queue = await this.jobs.queue();
        const existing = await queue.getJob(id);
        const state = existing ? await existing.getState() : null;
        if (existing && state === 'delayed') {
          // Moved only when its time changed: the job remembers when it was meant to run.
          if (Math.abs(existing.timestamp + (existing.opts.delay ?? 0) - (now + delay)) > 1_000)
            await existing.changeDelay(delay);
          continue;
        }
        if (existing && (state === 'waiting' || state === 'active' || state === 'prioritized')) continue;
        if (existing) await existing.remove().catch(() => undefined); // completed or failed: the clock decides anew
        await queue.add(
          phase,
          { caseId: c.caseId, target: c.target, phase },
          {
            jobId: id,
            delay,
            removeOnComplete: true,
            removeOnFail: 1000,
            attempts: 10,
            backoff: { type: 'exponential', delay: 1_000 },
          },
        );
      }
    }
  }

  /** Arms the timers of clocks just created (no timer of theirs exists yet): one round trip for all. */
  async armNew(clocks: SlaClock[]): Promise<void> {
    const now = this.clock.now().getTime();
    const jobs = clocks.flatMap((c) =>
      wanted(c).map(({ phase, at }) => ({
        name: phase,
        data: { caseId: c.caseId, target: c.target, phase },
        opts: {
          jobId: this.jobId(c.caseId, c.target, phase),
          delay: Math.max(0, at.getTime() - now),
          removeOnComplete: true,
          removeOnFail: 1000,
          attempts: 10,
          backoff: { type: 'exponential' as const, delay: 1_000 },
        },
      })),
    );
    if (jobs.length > 0) await (await this.jobs.queue()).addBulk(jobs);
  }

  /** Stops a case's timers of these clocks (stopped or paused). */
  async disarm(caseId: string, targets: SlaTargetKind[]): Promise<void> {
    const queue = await this.jobs.queue();
    for (const target of targets) {
      for (const phase of ['warn', 'breach'] as const)
        await (await queue.getJob(this.jobId(caseId, target, phase)))?.remove().catch(() => undefined);
    }
  }

  /**
   * Every live clock of every city served gets its timers (with a horizon: those due within it, or
   * overdue), a page at a time.
   */
  async reconcile(horizonMs?: number): Promise<number> {
    const horizon = horizonMs === undefined ? null : new Date(this.clock.now().getTime() + horizonMs);
    let total = 0;
    for (const city of servedCities(this.config)) {
      let after = { caseId: '00000000-0000-0000-0000-000000000000', target: '' };
      for (;;) {
        const page = await this.clocks.livePage(city, after, horizon, PAGE);
        await this.arm(...page);
        total += page.length;
        if (page.length < PAGE) break;
        after = { caseId: page[page.length - 1].caseId, target: page[page.length - 1].target };
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
