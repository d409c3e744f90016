import { Injectable } from '@nestjs/common';
import { WorkItemRepository, type ItemWithSla } from '../work-item.repository';

/** Which items: those whose resolution clock has breached, or has warned (at risk). */
export type SlaFilter = 'breached' | 'at-risk';

export interface ListBySla {
  tenantId: string;
  sla: SlaFilter;
  limit: number;
}

/**
 * For supervisors: the open (queued or assigned) items whose resolution clock has breached, or is
 * at risk (warned), the most overdue (the earliest due) first, each with its clock as the timers
 * keep it: the same clock, and the same states, as the queues' figures and the item views.
 */
@Injectable()
export class ListBySlaUseCase {
  constructor(private readonly items: WorkItemRepository) {}

  execute({ tenantId, sla, limit }: ListBySla): Promise<ItemWithSla[]> {
    return this.items.openBySla(tenantId, sla === 'breached' ? 'breached' : 'warned', limit);
  }
}
