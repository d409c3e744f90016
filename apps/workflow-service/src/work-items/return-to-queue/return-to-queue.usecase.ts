import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import { caseAssigned } from '../case-assigned.event';
import type { WorkItem } from '../work-item.entity';
import { WorkItemRepository } from '../work-item.repository';
import { workItemToChange } from '../work-item-to-change';

/** The agent who holds an item gives it back to its queue, for someone else to take. */
@Injectable()
export class ReturnToQueueUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly items: WorkItemRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(tenantId: string, caseId: string, agentId: string, by = `agent:${agentId}`): Promise<WorkItem> {
    return this.tx.run(async () => {
      const item = await workItemToChange(this.items, tenantId, caseId);
      if (item.assignee !== agentId)
        throw DomainError.conflict(
          'work-items.not-the-assignee',
          `Case ${item.reference} is not held by ${agentId}.`,
          [{ field: 'agentId', reason: 'not the assignee' }],
        );
      Object.assign(item, { state: 'queued', assignee: null, assignedAt: null });
      await this.items.save(item);
      await this.outbox.enqueue([caseAssigned(item, `returned:${by}`, this.clock.now())]);
      return item;
    });
  }
}
