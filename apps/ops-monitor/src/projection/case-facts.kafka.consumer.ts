import { Optional } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import {
  caseChangedV1,
  caseOpenedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  counterVisitEndedV1,
  satisfactionRecordedV1,
  TOPICS,
  WORKFLOW_FACTS_V1,
} from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { METRICS, Metrics } from '@city/platform-metrics';
import { LiveBoard } from '../live/live-board';
import { ApplyFactsUseCase } from './apply-facts/apply-facts.usecase';
import type { OpsFact } from './fold-fact';

/** Every fact of the case and workflow streams is read; an unknown type or version is poison. */
export const OPS_FACTS = [
  caseOpenedV1,
  caseChangedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  satisfactionRecordedV1,
  ...WORKFLOW_FACTS_V1,
  counterVisitEndedV1,
];

/** The consumer group of the cases' read model (its offsets are where a restart goes on from). */
export const PROJECTION_GROUP = 'ops-monitor.cases';

/**
 * Folds the case record's and the workflows' facts into the read models, a partition's fetched
 * facts in one transaction, and tells the live board.
 */
@KafkaConsumer()
export class CaseFactsConsumer {
  private readonly applied?: Counter<'topic'>;

  constructor(
    private readonly apply: ApplyFactsUseCase,
    private readonly board: LiveBoard,
    @Optional() metrics?: Metrics,
  ) {
    if (metrics?.enabled)
      this.applied = metrics.counter(METRICS.opsEventsApplied, 'Facts folded into the read models', [
        'topic',
      ]);
  }

  @KafkaEvent([TOPICS.caseEvents, TOPICS.workflowEvents], {
    group: PROJECTION_GROUP,
    batch: true,
    partitionsConsumedConcurrently: 4,
    isTransient: isTransientDatabaseError,
  })
  async facts(@Payload(new EnvelopePipe(OPS_FACTS as never)) facts: OpsFact[]): Promise<void> {
    const { changed, newest } = await this.apply.execute(facts);
    for (const f of facts)
      this.applied?.inc({ topic: f.type in WORKFLOW_TYPES ? TOPICS.workflowEvents : TOPICS.caseEvents });
    if (changed > 0 || newest) this.board.changed(newest);
  }
}

const WORKFLOW_TYPES: Record<string, true> = Object.fromEntries(
  [...WORKFLOW_FACTS_V1, counterVisitEndedV1].map((c) => [c.type, true]),
);
