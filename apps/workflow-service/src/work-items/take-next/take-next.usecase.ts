import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { caseAssignedV1, createEnvelope, TOPICS } from '@city/contracts';
import { enqueueEvents, tableName } from '@city/platform-database';
import { ApiError } from '@city/platform-http';
import { Agent } from '../../agents/agent.entity';
import { CLOCK, type Clock } from '../../clock';
import { WorkItem } from '../work-item.entity';

/** Takes that arrive within this window share transactions; at most this many per flush. */
const TAKE_BATCH_WINDOW_MS = 2;
const TAKE_BATCH_MAX = 64;
/** Transactions a flush runs at once (agents spread over them by id). */
const TAKE_TRANSACTIONS = 4;

interface PendingTake {
  tenantId: string;
  agentId: string;
  resolve: (item: WorkItem | null) => void;
  reject: (e: unknown) => void;
}

/** A work item from a raw row (RETURNING w.*). */
function fromRow(r: Record<string, unknown>): Partial<WorkItem> {
  const date = (v: unknown) => (v === null ? null : new Date(v as string));
  return {
    caseId: r['case_id'] as string,
    tenantId: r['tenant_id'] as string,
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

/**
 * Work distribution. "Take next" gives an agent the most urgent queued item they are able to work:
 * of their queues, needing no skill they lack, by priority, then due time, then age, within their
 * capacity. The agent's profile row is locked for the call (one agent, one take at a time, so
 * capacity holds) and the item is taken with FOR UPDATE SKIP LOCKED, so concurrent calls of
 * different agents never get the same item and never wait for each other.
 */
@Injectable()
export class WorkDistributionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async lockedAgent(m: EntityManager, tenantId: string, agentId: string): Promise<Agent> {
    const agent = await m
      .getRepository(Agent)
      .createQueryBuilder('a')
      .where('a.tenant_id = :tenantId AND a.id = :agentId', { tenantId, agentId })
      .setLock('pessimistic_write')
      .getOne();
    if (!agent)
      throw new ApiError(404, `No work profile for ${agentId}; set one with PUT /api/v1/agents/${agentId}.`);
    return agent;
  }

  private assignedEvent(item: WorkItem, by: string) {
    return {
      topic: TOPICS.workflowEvents,
      key: item.caseId,
      event: createEnvelope(caseAssignedV1, {
        tenantId: item.tenantId,
        correlationId: item.caseId,
        payload: {
          caseId: item.caseId,
          reference: item.reference,
          at: this.clock.now().toISOString(),
          queue: item.queue,
          assignee: item.assignee,
          by,
        },
      }),
    };
  }

  private assigned(m: EntityManager, item: WorkItem, by: string) {
    return enqueueEvents(m, [this.assignedEvent(item, by)]);
  }

  /**
   * Takes the next item for an agent. Calls that arrive together share transactions (group commit):
   * on this machine a take is bound by the commit, not by the query, and 50 agents pressing "take
   * next" at once would otherwise queue 50 commits. A batch is split by agent over a few concurrent
   * transactions (one agent always in the same one, so their capacity holds); each call gets its
   * own answer, and a failing call fails only itself.
   */
  takeNext(tenantId: string, agentId: string): Promise<WorkItem | null> {
    return new Promise((resolve, reject) => {
      this.pending.push({ tenantId, agentId, resolve, reject });
      if (this.pending.length >= TAKE_BATCH_MAX) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), TAKE_BATCH_WINDOW_MS);
    });
  }

  private pending: PendingTake[] = [];
  private timer: NodeJS.Timeout | undefined;

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const groups = new Map<number, PendingTake[]>();
    for (const p of batch) {
      const g = [...p.agentId].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 0) % TAKE_TRANSACTIONS;
      groups.set(g, [...(groups.get(g) ?? []), p]);
    }
    await Promise.all([...groups.values()].map((g) => this.takeGroup(g)));
  }

  private async takeGroup(group: PendingTake[]): Promise<void> {
    const outcomes = new Map<PendingTake, WorkItem | null | ApiError>();
    try {
      await this.dataSource.transaction(async (m) => {
        outcomes.clear();
        const now = this.clock.now();
        const table = tableName(m, WorkItem);
        // Every agent of the group locked at once, in id order (no deadlock between groups).
        const agents = await m
          .getRepository(Agent)
          .createQueryBuilder('a')
          .where('a.tenant_id IN (:...tenants) AND a.id IN (:...ids)', {
            tenants: [...new Set(group.map((p) => p.tenantId))],
            ids: [...new Set(group.map((p) => p.agentId))],
          })
          .orderBy('a.tenant_id')
          .addOrderBy('a.id')
          .setLock('pessimistic_write')
          .getMany();
        const profile = new Map(agents.map((a) => [`${a.tenantId}\u0000${a.id}`, a]));
        const assigned: WorkItem[] = [];
        for (const p of group) {
          const agent = profile.get(`${p.tenantId}\u0000${p.agentId}`);
          if (!agent) {
            outcomes.set(
              p,
              new ApiError(
                404,
                `No work profile for ${p.agentId}; set one with PUT /api/v1/agents/${p.agentId}.`,
              ),
            );
            continue;
          }
          const item = await this.pick(m, table, agent, now);
          outcomes.set(p, item);
          if (item instanceof WorkItem) assigned.push(item);
        }
        await enqueueEvents(
          m,
          assigned.map((item) => this.assignedEvent(item, 'take-next')),
        );
      });
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    for (const p of group) {
      const o = outcomes.get(p) ?? null;
      if (o instanceof ApiError) p.reject(o);
      else p.resolve(o);
    }
  }

  /**
   * One statement counts what the agent holds, finds the head of each of their queues from the
   * index (work_items_next, no locks), locks the most urgent head no concurrent call holds, and
   * assigns it. Ordering across queues in one sort would read every queued item of them on every
   * call. When every head is held by concurrent calls, it looks deeper.
   */
  private async pick(
    m: EntityManager,
    table: string,
    agent: Agent,
    now: Date,
  ): Promise<WorkItem | null | ApiError> {
    for (const depth of [8, 64, 512, 4096]) {
      // (TypeORM answers an UPDATE with [rows, count].)
      const [rows]: [Array<Record<string, unknown>>, number] = await m.query(
        `WITH holding AS (SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1 AND assignee = $5 AND state = 'assigned'),
         heads AS (
           SELECT h.case_id, h.priority, h.resolution_due_at, h.received_at
             FROM unnest($2::text[]) AS q(queue)
             CROSS JOIN LATERAL (
               SELECT w.case_id, w.priority, w.resolution_due_at, w.received_at FROM ${table} w
                WHERE w.tenant_id = $1 AND w.queue = q.queue AND w.state = 'queued' AND w.skills <@ $3::text[]
                ORDER BY w.priority, w.resolution_due_at, w.received_at
                LIMIT $4) h),
         pick AS (
           SELECT w.case_id FROM ${table} w JOIN heads USING (case_id)
            WHERE w.state = 'queued' AND (SELECT n FROM holding) < $6
            ORDER BY heads.priority, heads.resolution_due_at, heads.received_at
            FOR UPDATE OF w SKIP LOCKED
            LIMIT 1)
         UPDATE ${table} w SET state = 'assigned', assignee = $5, assigned_at = $7, version = w.version + 1
           FROM pick WHERE w.case_id = pick.case_id
         RETURNING w.*`,
        [agent.tenantId, agent.queues, agent.skills, depth, agent.id, agent.capacity, now],
      );
      if (rows.length > 0) return m.getRepository(WorkItem).create(fromRow(rows[0]));
      const [{ holding, more }] = await m.query(
        `SELECT (SELECT count(*) FROM ${table} WHERE tenant_id = $1 AND assignee = $5 AND state = 'assigned')::int AS holding,
                EXISTS (SELECT 1 FROM ${table} WHERE tenant_id = $1 AND queue = ANY($2::text[]) AND state = 'queued' AND skills <@ $3::text[] OFFSET $4) AS more`,
        [agent.tenantId, agent.queues, agent.skills, depth, agent.id],
      );
      if (holding >= agent.capacity) {
        return new ApiError(
          409,
          `${agent.id} already holds ${holding} items, the capacity of their profile; finish or return one first.`,
          [{ field: 'capacity', reason: `at capacity (${agent.capacity})` }],
        );
      }
      if (!more) return null;
    }
    return null;
  }

  private lockedItem(m: EntityManager, tenantId: string, caseId: string): Promise<WorkItem> {
    return m
      .getRepository(WorkItem)
      .createQueryBuilder('w')
      .where('w.tenant_id = :tenantId AND w.case_id = :caseId', { tenantId, caseId })
      .setLock('pessimistic_write')
      .getOne()
      .then((w) => {
        if (!w) throw new ApiError(404, `No work item for case ${caseId}.`);
        if (w.state === 'done') throw new ApiError(409, `The work on case ${w.reference} is done.`);
        return w;
      });
  }

  /** The agent gives an item back to its queue, for someone else to take. */
  returnToQueue(tenantId: string, caseId: string, agentId: string): Promise<WorkItem> {
    return this.dataSource.transaction(async (m) => {
      const item = await this.lockedItem(m, tenantId, caseId);
      if (item.assignee !== agentId)
        throw new ApiError(409, `Case ${item.reference} is not held by ${agentId}.`, [
          { field: 'agentId', reason: 'not the assignee' },
        ]);
      Object.assign(item, { state: 'queued', assignee: null, assignedAt: null });
      await m.getRepository(WorkItem).save(item);
      await this.assigned(m, item, `returned:${agentId}`);
      return item;
    });
  }

  /** A supervisor gives an item to a named agent, or to another queue. */
  reassign(
    tenantId: string,
    caseId: string,
    to: { agentId?: string; queue?: string },
    by: string,
  ): Promise<WorkItem> {
    return this.dataSource.transaction(async (m) => {
      const item = await this.lockedItem(m, tenantId, caseId);
      if (to.queue)
        Object.assign(item, { queue: to.queue, state: 'queued', assignee: null, assignedAt: null });
      if (to.agentId) {
        const agent = await this.lockedAgent(m, tenantId, to.agentId);
        const holding = await m
          .getRepository(WorkItem)
          .countBy({ tenantId, assignee: agent.id, state: 'assigned' });
        if (holding >= agent.capacity)
          throw new ApiError(
            409,
            `${agent.id} already holds ${holding} items, the capacity of their profile.`,
            [{ field: 'agentId', reason: `at capacity (${agent.capacity})` }],
          );
        Object.assign(item, { state: 'assigned', assignee: to.agentId, assignedAt: this.clock.now() });
      }
      await m.getRepository(WorkItem).save(item);
      await this.assigned(m, item, `reassigned:${by}`);
      return item;
    });
  }
}
