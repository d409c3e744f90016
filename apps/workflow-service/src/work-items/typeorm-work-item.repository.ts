import { Injectable } from '@nestjs/common';
import { insertMany, tableName, TypeormTransaction } from '@city/platform-database';
import type { Agent } from '../agents/agent.entity';
import { SlaClock } from '../clocks/sla-clock.entity';
import { WorkItem, type WorkItemState } from './work-item.entity';
import {
  WorkItemRepository,
  type HeldLoad,
  type ItemWithSla,
  type QueueLoad,
  type TakeOutcome,
} from './work-item.repository';

/**
 * Open items: written as two equalities, not IN, so the planner can read them from the two partial
 * indexes (work_items_next for queued, work_items_assignee for assigned) instead of every done item.
 */
const OPEN = `(w.state = 'queued' OR w.state = 'assigned')`;

/** A work item from a raw row (RETURNING w.*). */
function fromRow(r: Record<string, unknown>): Partial<WorkItem> {
  const date = (v: unknown) => (v === null ? null : new Date(v as string));
  return {
    caseId: r['case_id'] as string,
    tenantId: r['tenant_id'] as string,
    workedBy: r['worked_by'] as string,
    reference: r['reference'] as string,
    serviceCode: r['service_code'] as string,
    channel: r['channel'] as string,
    queue: r['queue'] as string,
    priority: r['priority'] as number,
    skills: r['skills'] as string[],
    state: r['state'] as WorkItem['state'],
    assignee: r['assignee'] as string | null,
    escalated: r['escalated'] as boolean,
    routingRule: r['routing_rule'] as string,
    area: r['area'] as string | null,
    firstResponseDueAt: date(r['first_response_due_at']),
    resolutionDueAt: date(r['resolution_due_at']),
    receivedAt: date(r['received_at'])!,
    assignedAt: date(r['assigned_at']),
    createdAt: date(r['created_at'])!,
    version: r['version'] as number,
  };
}

@Injectable()
export class TypeormWorkItemRepository extends WorkItemRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get items() {
    return this.tx.manager().getRepository(WorkItem);
  }

  /**
   * Each agent in turn, in one call of take_next_each (migration 1796099446937): per agent, one
   * statement counts what they hold, finds the head of each of their queues from the index
   * (work_items_next, no locks), locks the most urgent head no concurrent call holds, and assigns
   * it; when every head is held by concurrent calls, it looks deeper. Ordering across queues in one
   * sort would read every queued item of them on every call.
   */
  async assignNextToEach(agents: Agent[], at: Date): Promise<TakeOutcome[]> {
    if (agents.length === 0) return [];
    const m = this.tx.manager();
    const schema = m.dataSource.getMetadata(WorkItem).schema;
    const fn = [schema, 'take_next_each']
      .filter((n): n is string => Boolean(n))
      .map((n) => m.dataSource.driver.escape(n))
      .join('.');
    const rows: Array<{ o_ord: number; o_holding: number; o_item: Record<string, unknown> | null }> =
      await m.query(`SELECT o_ord, o_holding, o_item FROM ${fn}($1::jsonb, $2) ORDER BY o_ord`, [
        JSON.stringify(
          agents.map((a) => ({
            tenantId: a.tenantId,
            id: a.id,
            queues: a.queues,
            skills: a.skills,
            capacity: a.capacity,
          })),
        ),
        at,
      ]);
    return rows.map((r) =>
      r.o_item ? { item: this.items.create(fromRow(r.o_item)) } : { item: null, holding: r.o_holding },
    );
  }

  lockByCase(caseId: string, workedBy?: string): Promise<WorkItem | null> {
    const qb = this.items.createQueryBuilder('w').where('w.case_id = :caseId', { caseId });
    if (workedBy !== undefined) qb.andWhere('w.worked_by = :workedBy', { workedBy });
    return qb.setLock('pessimistic_write').getOne();
  }

  find(caseId: string, workedBy?: string): Promise<WorkItem | null> {
    return this.items.findOneBy(workedBy === undefined ? { caseId } : { workedBy, caseId });
  }

  save(item: WorkItem): Promise<WorkItem> {
    return this.items.save(item);
  }

  addNew(items: Array<Partial<WorkItem>>): Promise<void> {
    // A city works its own cases unless an item says another does.
    const rows = items.map((i) => ({ ...i, workedBy: i.workedBy ?? i.tenantId }));
    return insertMany(this.tx.manager(), WorkItem, rows, { ignoreConflicts: true });
  }

  countHeld(city: string, assignee: string): Promise<number> {
    return this.items.countBy({ workedBy: city, assignee, state: 'assigned' });
  }

  heldBy(city: string, assignee: string): Promise<WorkItem[]> {
    return this.items.find({
      where: { workedBy: city, assignee, state: 'assigned' },
      order: { priority: 'ASC', resolutionDueAt: 'ASC' },
    });
  }

  inQueue(city: string, queue: string, state: WorkItemState, limit: number): Promise<WorkItem[]> {
    return this.items.find({
      where: { workedBy: city, queue, state },
      order: { priority: 'ASC', resolutionDueAt: 'ASC', receivedAt: 'ASC' },
      take: limit,
    });
  }

  async loadByAssignee(city: string): Promise<HeldLoad[]> {
    const rows = await this.items
      .createQueryBuilder('w')
      .select('w.assignee', 'assignee')
      .addSelect('count(*)::int', 'holding')
      .addSelect('min(w.assigned_at)', 'oldestAssignedAt')
      .addSelect('min(w.resolution_due_at)', 'nextDueAt')
      .where('w.worked_by = :city AND w.state = :state', { city, state: 'assigned' })
      .groupBy('w.assignee')
      .getRawMany<{
        assignee: string;
        holding: number;
        oldestAssignedAt: Date | null;
        nextDueAt: Date | null;
      }>();
    return rows.map((r) => ({
      assignee: r.assignee,
      holding: r.holding,
      oldestAssignedAt: r.oldestAssignedAt ? new Date(r.oldestAssignedAt) : null,
      nextDueAt: r.nextDueAt ? new Date(r.nextDueAt) : null,
    }));
  }

  /** One statement: the open items the city works with their resolution clock (by its primary key), grouped by queue. */
  async loadByQueue(city: string): Promise<QueueLoad[]> {
    const m = this.tx.manager();
    const rows: Array<{
      queue: string;
      waiting: number;
      assigned: number;
      oldest_waiting_since: Date | string | null;
      at_risk: number;
      breached: number;
    }> = await m.query(
      `SELECT w.queue,
              count(*) FILTER (WHERE w.state = 'queued')::int AS waiting,
              count(*) FILTER (WHERE w.state = 'assigned')::int AS assigned,
              min(w.received_at) FILTER (WHERE w.state = 'queued') AS oldest_waiting_since,
              count(*) FILTER (WHERE c.state = 'warned')::int AS at_risk,
              count(*) FILTER (WHERE c.state = 'breached')::int AS breached
         FROM ${tableName(m, WorkItem)} w
         LEFT JOIN ${tableName(m, SlaClock)} c
           ON c.case_id = w.case_id AND c.target = 'resolution' AND c.tenant_id = w.tenant_id
        WHERE w.worked_by = $1 AND ${OPEN}
        GROUP BY w.queue`,
      [city],
    );
    return rows.map((r) => ({
      queue: r.queue,
      waiting: r.waiting,
      assigned: r.assigned,
      oldestWaitingSince: r.oldest_waiting_since === null ? null : new Date(r.oldest_waiting_since),
      atRisk: r.at_risk,
      breached: r.breached,
    }));
  }

  async openBySla(city: string, state: 'warned' | 'breached', limit: number): Promise<ItemWithSla[]> {
    const m = this.tx.manager();
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT w.*, c.state AS sla_state, c.warn_at AS sla_warn_at, c.due_at AS sla_due_at
         FROM ${tableName(m, WorkItem)} w
         JOIN ${tableName(m, SlaClock)} c
           ON c.case_id = w.case_id AND c.target = 'resolution' AND c.tenant_id = w.tenant_id
        WHERE w.worked_by = $1 AND ${OPEN} AND c.state = $2
        ORDER BY c.due_at, w.priority, w.received_at, w.case_id
        LIMIT $3`,
      [city, state, limit],
    );
    const date = (v: unknown) => (v === null ? null : new Date(v as string));
    return rows.map((r) => ({
      item: this.items.create(fromRow(r)),
      sla: {
        state: r['sla_state'] as SlaClock['state'],
        warnAt: date(r['sla_warn_at']),
        dueAt: date(r['sla_due_at']),
      },
    }));
  }

  async markDone(caseId: string): Promise<void> {
    await this.items.update({ caseId }, { state: 'done' });
  }

  async requeue(caseId: string): Promise<void> {
    await this.items.update({ caseId }, { state: 'queued', assignee: null, assignedAt: null });
  }

  async setDueTimes(
    caseId: string,
    firstResponseDueAt: Date | null,
    resolutionDueAt: Date | null,
  ): Promise<void> {
    await this.items.update({ caseId }, { firstResponseDueAt, resolutionDueAt });
  }
}
