import { Inject, Injectable } from '@nestjs/common';
import { isSignedIn } from '../../agents/agent-presence';
import { AgentRepository } from '../../agents/agent.repository';
import { CLOCK, type Clock } from '../../clock';
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
  /** When they last reported being signed in; null when never. */
  lastSeenAt: Date | null;
  /** Seen within the last two minutes by the service's clock (SIGNED_IN_WINDOW_MS). */
  signedIn: boolean;
}

/**
 * Agents' load, for supervisors and operations: each work profile with the items held now, the
 * room left, the oldest of them, the earliest resolution due among them, and whether they are signed
 * in (the profiles, their presence included, in one query; the items held in another, grouped).
 */
@Injectable()
export class AgentsLoadUseCase {
  constructor(
    private readonly agents: AgentRepository,
    private readonly items: WorkItemRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tenantId: string): Promise<AgentLoad[]> {
    const [agents, held] = await Promise.all([
      this.agents.list(tenantId),
      this.items.loadByAssignee(tenantId),
    ]);
    const now = this.clock.now();
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
        lastSeenAt: a.lastSeenAt ?? null,
        signedIn: isSignedIn(a.lastSeenAt ?? null, now),
      };
    });
  }
}
