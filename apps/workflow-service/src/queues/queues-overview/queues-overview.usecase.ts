import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import { routingQueues } from '../../routing/routing-config';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { WorkItemRepository, type QueueLoad } from '../../work-items/work-item.repository';
import { ServiceCatalogue } from '../../workflows/service-catalogue';

export interface QueuesOverview {
  at: Date;
  /** By queue name. */
  queues: QueueLoad[];
}

const empty = (queue: string): QueueLoad => ({
  queue,
  waiting: 0,
  assigned: 0,
  oldestWaitingSince: null,
  atRisk: 0,
  breached: 0,
});

/**
 * The live picture of the work queues, for supervisors and the agents' desktops: each queue with
 * what waits and what is held now, the longest wait, and how many open items are at risk or
 * breached (their resolution clock warned or breached, as the timers keep it: see
 * WorkItemRepository.loadByQueue). The queues are every one the routing file names (rules,
 * escalations) and the catalogue names (each service's default queue), so an empty queue shows
 * with zeros, and any other queue that has open items (one a supervisor reassigned to, say).
 */
@Injectable()
export class QueuesOverviewUseCase {
  constructor(
    private readonly items: WorkItemRepository,
    private readonly catalogue: ServiceCatalogue,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tenantId: string): Promise<QueuesOverview> {
    const at = this.clock.now();
    const loads = new Map((await this.items.loadByQueue(tenantId)).map((l) => [l.queue, l]));
    const named = new Set([
      ...routingQueues(this.routing.of(tenantId)),
      ...this.catalogue.all(tenantId).map((s) => s.defaultQueue),
      ...loads.keys(),
    ]);
    return {
      at,
      queues: [...named].sort().map((q) => loads.get(q) ?? empty(q)),
    };
  }
}
