import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module';
import { RecordModule } from '../record/record.module';
import { FoldWorkflowFactUseCase } from './fold-workflow-fact/fold-workflow-fact.usecase';
import { WorkflowFactsConsumer } from './workflow-facts.kafka.consumer';

/** The workflow's facts (routing, assignment, due times, service levels, automatic moves) folded into the record. */
@Module({
  imports: [RecordModule, InteractionsModule],
  controllers: [WorkflowFactsConsumer],
  providers: [FoldWorkflowFactUseCase],
})
export class WorkflowModule {}
