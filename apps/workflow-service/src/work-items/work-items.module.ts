import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AgentsLoadUseCase } from './agents-load/agents-load.usecase';
import { ReassignWorkItemUseCase } from './reassign-work-item/reassign-work-item.usecase';
import { ReturnToQueueUseCase } from './return-to-queue/return-to-queue.usecase';
import { TakeNextUseCase } from './take-next/take-next.usecase';
import { TypeormWorkItemRepository } from './typeorm-work-item.repository';
import { WorkItemRepository } from './work-item.repository';
import { WorkItemsHttpController } from './work-items.http.controller';

/** Work queues: take next, give back, reassign; the items the workflows and the clocks move. */
@Module({
  imports: [AgentsModule],
  controllers: [WorkItemsHttpController],
  providers: [
    { provide: WorkItemRepository, useClass: TypeormWorkItemRepository },
    TakeNextUseCase,
    ReturnToQueueUseCase,
    ReassignWorkItemUseCase,
    AgentsLoadUseCase,
  ],
  exports: [WorkItemRepository, TakeNextUseCase],
})
export class WorkItemsModule {}
