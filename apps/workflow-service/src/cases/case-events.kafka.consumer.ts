import { Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  caseChangedV1,
  caseOpenedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  satisfactionRecordedV1,
  TOPICS,
  type CaseChangedV1,
  type CaseOpenedV1,
  type CitizenMergedV1,
  type CitizenMergeReversedV1,
  type SatisfactionRecordedV1,
} from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KAFKA_LOGGER, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { SlaTimers } from '../sla/sla-timers.processor';
import { TrackCaseStatusUseCase } from '../sla/track-case-status/track-case-status.usecase';
import { StartWorkflowUseCase } from '../workflows/start-workflow/start-workflow.usecase';

type CaseEvent =
  CaseOpenedV1 | CaseChangedV1 | CitizenMergedV1 | CitizenMergeReversedV1 | SatisfactionRecordedV1;

/** Every fact of case.events.v1 is read; an unknown type or version is poison. */
export const CASE_EVENTS = [
  caseOpenedV1,
  caseChangedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  satisfactionRecordedV1,
];

/**
 * Follows the case record: a new case starts its service's workflow (routing, clocks, messages);
 * status changes pause, resume or stop the clocks and move the workflow on. Timers are armed after the transaction committed; if that fails (Redis away),
 * the reconciler arms them on its next round, because the due times are in Postgres.
 */
@KafkaConsumer()
export class CaseEventsConsumer {
  constructor(
    private readonly startWorkflow: StartWorkflowUseCase,
    private readonly trackStatus: TrackCaseStatusUseCase,
    private readonly timers: SlaTimers,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A partition's fetched events in order: each run of new cases routed in one transaction, each
   * status change on its own between them (a case's events share a partition, so its order holds).
   * A poison message sends the batch one by one, and only it is dead-lettered. A service the
   * catalogue has not delivered yet is a domain error of kind unavailable: retried until it is.
   */
  @KafkaEvent(TOPICS.caseEvents, {
    group: 'workflow-service.cases',
    batch: true,
    partitionsConsumedConcurrently: 6,
    isTransient: isTransientDatabaseError,
  })
  async caseEvents(@Payload(new EnvelopePipe(CASE_EVENTS as never)) events: CaseEvent[]): Promise<void> {
    let run: CaseOpenedV1[] = [];
    const flush = async () => {
      if (run.length > 0) await this.route(run);
      run = [];
    };
    for (const e of events) {
      if (e.type === 'CaseOpened') run.push(e);
      else {
        await flush();
        await this.handleOther(e);
      }
    }
    await flush();
  }

  private afterCommit(work: Promise<void>): Promise<void> {
    return work.catch((err: Error) =>
      this.logger.warn({ err: err.message }, 'timers not armed now; the reconciler will'),
    );
  }

  private async route(events: CaseOpenedV1[]): Promise<void> {
    const { started, skipped, clocks } = await this.startWorkflow.execute(events);
    this.logger.debug({ started, skipped }, 'workflows started');
    await this.afterCommit(this.timers.armNew(clocks));
  }

  private async handleOther(e: CaseEvent): Promise<void> {
    // Merges change nothing here (work items follow cases, not citizens), nor a citizen's satisfaction.
    if (e.type !== 'CaseChanged') return;
    const { arm, disarm } = await this.trackStatus.execute(e);
    if (disarm.length > 0) await this.afterCommit(this.timers.disarm(e.payload.caseId, disarm));
    if (arm.length > 0) await this.afterCommit(this.timers.arm(...arm));
  }
}
