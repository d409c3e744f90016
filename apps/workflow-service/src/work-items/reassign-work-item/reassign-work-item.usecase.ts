import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { noWorkProfile } from '../../agents/agent-errors';
import { AgentRepository } from '../../agents/agent.repository';
import { CLOCK, type Clock } from '../../clock';
import { caseAssigned } from '../case-assigned.event';
import type { WorkItem } from '../work-item.entity';
import { WorkItemRepository } from '../work-item.repository';
import { workItemToChange } from '../work-item-to-change';

export interface Reassign {
  tenantId: string;
  caseId: string;
  /** A named agent (within their capacity), another queue, or both. */
  to: { agentId?: string; queue?: string };
  /** The supervisor's label. */
  by: string;
}

/** A supervisor gives an item to a named agent, or to another queue. */
@Injectable()
export class ReassignWorkItemUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly agents: AgentRepository,
    private readonly items: WorkItemRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ tenantId, caseId, to, by }: Reassign): Promise<WorkItem> {
    return this.tx.run(async () => {
      const item = await workItemToChange(this.items, tenantId, caseId);
      if (to.queue)
        Object.assign(item, { queue: to.queue, state: 'queued', assignee: null, assignedAt: null });
      if (to.agentId) {
        const agent = await this.agents.lock(tenantId, to.agentId);
        if (!agent) throw noWorkProfile(to.agentId);
        const holding = await this.items.countHeld(tenantId, agent.id);
        if (holding >= agent.capacity)
          throw DomainError.conflict(
            'work-items.agent-at-capacity',
            `${agent.id} already holds ${holding} items, the capacity of their profile.`,
            [{ field: 'agentId', reason: `at capacity (${agent.capacity})` }],
          );
        Object.assign(item, { state: 'assigned', assignee: to.agentId, assignedAt: this.clock.now() });
      }
      await this.items.save(item);
      await this.outbox.enqueue([caseAssigned(item, `reassigned:${by}`, this.clock.now())]);
      return item;
    });
  }
}
