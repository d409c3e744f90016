import { Inject, Injectable } from '@nestjs/common';
import { caseRoutedV1, createEnvelope, TOPICS } from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import type { WorkItem } from '../work-item.entity';
import { WorkItemRepository } from '../work-item.repository';
import { workedByOf, workItemToChange } from '../work-item-to-change';

export interface SetWorkItemPriority {
  tenantId: string;
  caseId: string;
  /** 1 (most urgent) to 4. */
  priority: 1 | 2 | 3 | 4;
  /** Why, for the case's timeline. */
  reason: string | null;
  /** The supervisor's label. */
  by: string;
}

/**
 * A supervisor makes an item more or less urgent. Priority is what "take next" orders by first
 * (then the resolution due time, then age), in its queue as it stands, queued or held.
 *
 * The case record hears of it as it hears of an escalation's raised priority: a CaseRouted with
 * the item's queue, skills and new priority, here with rule `priority-set:<who>` and the reason,
 * written to the outbox in the transaction that makes the change. The case record already folds
 * CaseRouted into the case's priority and its timeline; a fact of a new type would be refused as
 * unknown by every consumer of the topic until each was changed to read it.
 *
 * Setting the priority an item has already changes and publishes nothing (a repeated click).
 */
@Injectable()
export class SetWorkItemPriorityUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly items: WorkItemRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ tenantId, caseId, priority, reason, by }: SetWorkItemPriority): Promise<WorkItem> {
    return this.tx.run(async () => {
      const item = await workItemToChange(this.items, tenantId, caseId);
      if (item.priority === priority) return item;
      item.priority = priority;
      await this.items.save(item);
      await this.outbox.enqueue([
        {
          topic: TOPICS.workflowEvents,
          key: item.caseId,
          event: createEnvelope(caseRoutedV1, {
            tenantId: item.tenantId,
            correlationId: item.caseId,
            payload: {
              caseId: item.caseId,
              reference: item.reference,
              at: this.clock.now().toISOString(),
              queue: item.queue,
              priority,
              skills: item.skills,
              rule: `priority-set:${by}`,
              ...(reason ? { reason } : {}),
              ...workedByOf(item),
            },
          }),
        },
      ]);
      return item;
    });
  }
}
