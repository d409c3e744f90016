import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  counterVisitEndedV1,
  parseEnvelope,
  TOPICS,
  WORKFLOW_FACTS_V1,
  type CounterVisitEndedV1,
  type WorkflowFactV1,
} from '@city/contracts';
import { RecordCounterVisitUseCase } from '../interactions/record-counter-visit/record-counter-visit.usecase';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, PoisonMessageError } from '@city/platform-kafka';
import { FoldWorkflowFactUseCase } from './fold-workflow-fact/fold-workflow-fact.usecase';

@Injectable()
export class WorkflowFactsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly fold: FoldWorkflowFactUseCase,
    private readonly counterVisits: RecordCounterVisitUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start({
      groupId: 'case-service.workflow',
      topics: [TOPICS.workflowEvents],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      // The database away (restart, failover) delays messages; it never dead-letters them.
      isTransient: isTransientDatabaseError,
      handle: async (m) => {
        const parsed = parseEnvelope(m.value, [...WORKFLOW_FACTS_V1, counterVisitEndedV1] as never);
        if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
        const e = parsed.value as WorkflowFactV1 | CounterVisitEndedV1;
        if (e.type === 'CounterVisitEnded') await this.counterVisits.execute(e);
        else await this.fold.execute(e);
      },
    });
  }
}
