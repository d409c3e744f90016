import { Payload } from '@nestjs/microservices';
import {
  counterVisitEndedV1,
  TOPICS,
  WORKFLOW_FACTS_V1,
  type CounterVisitEndedV1,
  type WorkflowFactV1,
} from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { RecordCounterVisitUseCase } from '../interactions/record-counter-visit/record-counter-visit.usecase';
import { FoldWorkflowFactUseCase } from './fold-workflow-fact/fold-workflow-fact.usecase';

/** The workflow's facts folded into the record, and counter visits (on the same topic) recorded as contacts. */
@KafkaConsumer()
export class WorkflowFactsConsumer {
  constructor(
    private readonly fold: FoldWorkflowFactUseCase,
    private readonly counterVisits: RecordCounterVisitUseCase,
  ) {}

  @KafkaEvent(TOPICS.workflowEvents, {
    group: 'case-service.workflow',
    partitionsConsumedConcurrently: 3,
    // The database away (restart, failover) delays messages; it never dead-letters them.
    isTransient: isTransientDatabaseError,
  })
  async workflowFact(
    @Payload(new EnvelopePipe([...WORKFLOW_FACTS_V1, counterVisitEndedV1] as never))
    e: WorkflowFactV1 | CounterVisitEndedV1,
  ) {
    if (e.type === 'CounterVisitEnded') await this.counterVisits.execute(e);
    else await this.fold.execute(e);
  }
}
