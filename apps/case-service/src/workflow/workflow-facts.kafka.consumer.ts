import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { parseEnvelope, TOPICS, WORKFLOW_FACTS_V1, type WorkflowFactV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, PoisonMessageError } from '@city/platform-kafka';
import { FoldWorkflowFactUseCase } from './fold-workflow-fact.usecase';

@Injectable()
export class WorkflowFactsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly fold: FoldWorkflowFactUseCase,
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
        const parsed = parseEnvelope(m.value, WORKFLOW_FACTS_V1 as never);
        if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
        await this.fold.execute(parsed.value as WorkflowFactV1);
      },
    });
  }
}
