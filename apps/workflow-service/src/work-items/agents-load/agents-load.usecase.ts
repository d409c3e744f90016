import { Injectable } from '@nestjs/common';
import { AgentRepository } from '../../agents/agent.repository';
import { WorkItemRepository } from '../work-item.repository';

export interface AgentLoad {
  id: string;
  queues: string[];
  skills: string[];
  capacity: number;
  holding: number;
  free: number;
  oldestAssignedAt: Date | null;
  nextDueAt: Date | null;
}

/**
 * Agents' load, for supervisors and operations: each work profile with the items held now, the
 * room left, the oldest of them, and the earliest resolution due among them.
 */
@Injectable()
export class AgentsLoadUseCase {
  constructor(
    private readonly agents: AgentRepository,
    private readonly items: WorkItemRepository,
  ) {}

  async execute(tenantId: string): Promise<AgentLoad[]> {
    const [agents, held] = await Promise.all([
      this.agents.list(tenantId),
      this.items.loadByAssignee(tenantId),
    ]);
    const byAgent = new Map(held.map((h) => [h.assignee, h]));
    return agents.map((a) => {
      const h = byAgent.get(a.id);
      const holding = h?.holding ?? 0;
      return {
        id: a.id,
        queues: a.queues,
        skills: a.skills,
        capacity: a.capacity,
        holding,
        free: Math.max(0, a.capacity - holding),
        oldestAssignedAt: h?.oldestAssignedAt ?? null,
        nextDueAt: h?.nextDueAt ?? null,
      };
    });
  }
}
