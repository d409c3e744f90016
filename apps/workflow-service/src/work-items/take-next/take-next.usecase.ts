import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { noWorkProfile } from '../../agents/agent-errors';
import type { Agent } from '../../agents/agent.entity';
import { AgentRepository } from '../../agents/agent.repository';
import { CLOCK, type Clock } from '../../clock';
import { caseAssigned } from '../case-assigned.event';
import type { WorkItem } from '../work-item.entity';
import { WorkItemRepository } from '../work-item.repository';
import { TakeNextBatcher } from './take-next-batcher';

interface Take {
  tenantId: string;
  agentId: string;
  /** Who asked, as an actor label (`agent:agent-17`): the assignment's `by` names them. */
  by: string;
}

/**
 * "Take next" gives an agent the most urgent queued item they are able to work: of their queues,
 * needing no skill they lack, by priority, then due time, then age, within their capacity. The
 * agent's profile is locked for the call (one agent, one take at a time, so capacity holds) and the
 * item is taken skipping those concurrent calls hold, so concurrent calls of different agents never
 * get the same item and never wait for each other.
 *
 * Calls that arrive together share transactions (group commit, TakeNextBatcher): on this machine a
 * take is bound by the commit, not by the query, and 50 agents pressing "take next" at once would
 * otherwise queue 50 commits. Each call gets its own answer, and a refused call fails only itself.
 */
@Injectable()
export class TakeNextUseCase {
  private readonly batcher = new TakeNextBatcher<Take, WorkItem | null>(
    (takes) => this.takeTogether(takes),
    (t) => t.agentId,
  );

  constructor(
    private readonly tx: Transaction,
    private readonly agents: AgentRepository,
    private readonly items: WorkItemRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The item now the agent's, or null when there is none for them. */
  execute(tenantId: string, agentId: string, by = `agent:${agentId}`): Promise<WorkItem | null> {
    return this.batcher.submit({ tenantId, agentId, by });
  }

  /** A group of takes in one transaction: each agent's answer, in order. */
  takeTogether(takes: Take[]): Promise<Array<WorkItem | null | DomainError>> {
    return this.tx.run(async () => {
      const now = this.clock.now();
      // Every agent of the group locked at once, in id order (no deadlock between groups).
      const agents = await this.agents.lockMany(takes.map((t) => ({ tenantId: t.tenantId, id: t.agentId })));
      const profile = new Map(agents.map((a) => [`${a.tenantId}\u0000${a.id}`, a]));
      const known = takes.map((t) => profile.get(`${t.tenantId}\u0000${t.agentId}`));
      // Every agent's pick in one round trip, in the order the calls came.
      const picks = await this.items.assignNextToEach(
        known.filter((a): a is Agent => a !== undefined),
        now,
      );
      const outcomes: Array<WorkItem | null | DomainError> = [];
      const taken: Array<{ item: WorkItem; by: string }> = [];
      for (const [i, t] of takes.entries()) {
        const agent = known[i];
        if (!agent) {
          outcomes.push(noWorkProfile(t.agentId));
          continue;
        }
        const next = picks.shift()!;
        if (next.item) {
          taken.push({ item: next.item, by: t.by });
          outcomes.push(next.item);
        } else if (next.holding >= agent.capacity) {
          outcomes.push(
            DomainError.conflict(
              'work-items.at-capacity',
              `${agent.id} already holds ${next.holding} items, the capacity of their profile; finish or return one first.`,
              [{ field: 'capacity', reason: `at capacity (${agent.capacity})` }],
            ),
          );
        } else outcomes.push(null);
      }
      await this.outbox.enqueue(
        taken.map((x) => caseAssigned(x.item, `take-next:${x.by}`, this.clock.now())),
      );
      return outcomes;
    });
  }
}
