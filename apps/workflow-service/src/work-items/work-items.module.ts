import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { ClocksModule } from '../clocks/clocks.module';
import { AgentsLoadUseCase } from './agents-load/agents-load.usecase';
import { ListBySlaUseCase } from './list-by-sla/list-by-sla.usecase';
import { ReassignWorkItemUseCase } from './reassign-work-item/reassign-work-item.usecase';
import { ReturnToQueueUseCase } from './return-to-queue/return-to-queue.usecase';
import { SetWorkItemPriorityUseCase } from './set-work-item-priority/set-work-item-priority.usecase';
import { TakeNextUseCase } from './take-next/take-next.usecase';
import { TypeormWorkItemRepository } from './typeorm-work-item.repository';
import { WorkItemRepository } from './work-item.repository';
import { WorkItemSla } from './work-item-sla';
import { WorkItemsHttpController } from './work-items.http.controller';

/**
 * Work queues: take next, give back, reassign, set a priority, the items breached or at risk; the
 * items the workflows and the clocks move, each shown with its resolution clock.
 */
@Module({
  imports: [AgentsModule, ClocksModule],
  controllers: [WorkItemsHttpController],
  providers: [
    { provide: WorkItemRepository, useClass: TypeormWorkItemRepository },
    TakeNextUseCase,
    ReturnToQueueUseCase,
    ReassignWorkItemUseCase,
    AgentsLoadUseCase,
    ListBySlaUseCase,
    SetWorkItemPriorityUseCase,
    WorkItemSla,
  ],
  exports: [WorkItemRepository, TakeNextUseCase],
})
export class WorkItemsModule {}
