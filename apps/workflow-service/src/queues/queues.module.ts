import { Module } from '@nestjs/common';
import { WorkItemsModule } from '../work-items/work-items.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { QueuesOverviewUseCase } from './queues-overview/queues-overview.usecase';
import { QueuesHttpController } from './queues.http.controller';

/**
 * The live picture of the work queues: the queues the routing file and the catalogue name, with
 * their work items now. Its own feature because it reads the catalogue (through the workflows),
 * which the work items, used by the workflows, cannot.
 */
@Module({
  imports: [WorkItemsModule, WorkflowsModule],
  controllers: [QueuesHttpController],
  providers: [QueuesOverviewUseCase],
})
export class QueuesModule {}
