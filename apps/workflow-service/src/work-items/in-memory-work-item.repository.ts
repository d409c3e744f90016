import type { Agent } from '../agents/agent.entity';
import { InMemorySlaClockRepository } from '../clocks/in-memory-sla-clock.repository';
import { WorkItem, type WorkItemState } from './work-item.entity';
import {
  WorkItemRepository,
  type HeldLoad,
  type ItemWithSla,
  type QueueLoad,
  type TakeOutcome,
} from './work-item.repository';
import { slaStanding } from './work-item-sla';

const copy = (w: WorkItem): WorkItem => Object.assign(new WorkItem(), { ...w, skills: [...w.skills] });
const time = (d: Date | null) => (d === null ? Infinity : d.getTime()); // NULLs last, as Postgres sorts them
const urgency = (a: WorkItem, b: WorkItem) =>
  a.priority - b.priority ||
  time(a.resolutionDueAt) - time(b.resolutionDueAt) ||
  a.receivedAt.getTime() - b.receivedAt.getTime();

const isOpen = (w: WorkItem) => w.state === 'queued' || w.state === 'assigned';

/**
 * WorkItemRepository in memory, for use cases' unit tests. The clocks given are the ones its
 * queries that join the resolution clock read (none, unless given).
 */
export class InMemoryWorkItemRepository extends WorkItemRepository {
  readonly rows = new Map<string, WorkItem>();

  constructor(private readonly clocks = new InMemorySlaClockRepository()) {
    super();
  }

  private resolutionClock(w: WorkItem) {
    const c = this.clocks.get(w.caseId, 'resolution');
    return c && c.tenantId === w.tenantId ? c : undefined;
  }

  /** A queued item with plain defaults, for tests to put in place. */
  static item(over: Partial<WorkItem> & { caseId: string }): WorkItem {
    return Object.assign(new WorkItem(), {
      tenantId: over.tenantId ?? 'default',
      workedBy: over.workedBy ?? over.tenantId ?? 'default',
      reference: `REF-${over.caseId}`,
      serviceCode: 'pothole',
      channel: 'web',
      queue: 'q1',
      priority: 3,
      skills: [],
      state: 'queued',
      assignee: null,
      escalated: false,
      routingRule: 'default',
      area: null,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      receivedAt: new Date('2026-03-02T08:00:00Z'),
      assignedAt: null,
      createdAt: new Date('2026-03-02T08:00:00Z'),
      version: 1,
      ...over,
    });
  }

  with(...items: Array<Partial<WorkItem> & { caseId: string }>): this {
    for (const i of items) this.rows.set(i.caseId, InMemoryWorkItemRepository.item(i));
    return this;
  }

  get(caseId: string): WorkItem | undefined {
    return this.rows.get(caseId);
  }

  async assignNextToEach(agents: Agent[], at: Date): Promise<TakeOutcome[]> {
    const outcomes: TakeOutcome[] = [];
    for (const agent of agents) outcomes.push(await this.assignNextTo(agent, at));
    return outcomes;
  }

  private async assignNextTo(agent: Agent, at: Date): Promise<TakeOutcome> {
    const holding = await this.countHeld(agent.tenantId, agent.id);
    if (holding >= agent.capacity) return { item: null, holding };
    const next = [...this.rows.values()]
      .filter(
        (w) =>
          w.workedBy === agent.tenantId &&
          w.state === 'queued' &&
          agent.queues.includes(w.queue) &&
          w.skills.every((s) => agent.skills.includes(s)),
      )
      .sort(urgency)[0];
    if (!next) return { item: null, holding };
    Object.assign(next, { state: 'assigned', assignee: agent.id, assignedAt: at, version: next.version + 1 });
    return { item: copy(next) };
  }

  async lockByCase(caseId: string, workedBy?: string): Promise<WorkItem | null> {
    const w = this.rows.get(caseId);
    return w && (workedBy === undefined || w.workedBy === workedBy) ? copy(w) : null;
  }

  async find(caseId: string, workedBy?: string): Promise<WorkItem | null> {
    return this.lockByCase(caseId, workedBy);
  }

  async save(item: WorkItem): Promise<WorkItem> {
    this.rows.set(item.caseId, copy(item));
    return item;
  }

  async addNew(items: Array<Partial<WorkItem>>): Promise<void> {
    for (const i of items as WorkItem[])
      if (!this.rows.has(i.caseId)) this.rows.set(i.caseId, InMemoryWorkItemRepository.item(i));
  }

  async countHeld(city: string, assignee: string): Promise<number> {
    return (await this.heldBy(city, assignee)).length;
  }

  async heldBy(city: string, assignee: string): Promise<WorkItem[]> {
    return [...this.rows.values()]
      .filter((w) => w.workedBy === city && w.assignee === assignee && w.state === 'assigned')
      .sort(urgency)
      .map(copy);
  }

  async inQueue(city: string, queue: string, state: WorkItemState, limit: number): Promise<WorkItem[]> {
    return [...this.rows.values()]
      .filter((w) => w.workedBy === city && w.queue === queue && w.state === state)
      .sort(urgency)
      .slice(0, limit)
      .map(copy);
  }

  async loadByAssignee(city: string): Promise<HeldLoad[]> {
    const load = new Map<string, HeldLoad>();
    const earliest = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a < b ? a : b);
    for (const w of this.rows.values()) {
      if (w.workedBy !== city || w.state !== 'assigned' || !w.assignee) continue;
      const l = load.get(w.assignee) ?? {
        assignee: w.assignee,
        holding: 0,
        oldestAssignedAt: null,
        nextDueAt: null,
      };
      load.set(w.assignee, {
        assignee: w.assignee,
        holding: l.holding + 1,
        oldestAssignedAt: earliest(l.oldestAssignedAt, w.assignedAt),
        nextDueAt: earliest(l.nextDueAt, w.resolutionDueAt),
      });
    }
    return [...load.values()];
  }

  async loadByQueue(city: string): Promise<QueueLoad[]> {
    const loads = new Map<string, QueueLoad>();
    for (const w of this.rows.values()) {
      if (w.workedBy !== city || !isOpen(w)) continue;
      const l = loads.get(w.queue) ?? {
        queue: w.queue,
        waiting: 0,
        assigned: 0,
        oldestWaitingSince: null,
        atRisk: 0,
        breached: 0,
      };
      const clock = this.resolutionClock(w)?.state;
      const queued = w.state === 'queued';
      loads.set(w.queue, {
        queue: w.queue,
        waiting: l.waiting + (queued ? 1 : 0),
        assigned: l.assigned + (queued ? 0 : 1),
        oldestWaitingSince:
          queued && (l.oldestWaitingSince === null || w.receivedAt < l.oldestWaitingSince)
            ? w.receivedAt
            : l.oldestWaitingSince,
        atRisk: l.atRisk + (clock === 'warned' ? 1 : 0),
        breached: l.breached + (clock === 'breached' ? 1 : 0),
      });
    }
    return [...loads.values()];
  }

  async openBySla(city: string, state: 'warned' | 'breached', limit: number): Promise<ItemWithSla[]> {
    return [...this.rows.values()]
      .flatMap((w) => {
        const clock = w.workedBy === city && isOpen(w) ? this.resolutionClock(w) : undefined;
        return clock?.state === state ? [{ item: copy(w), sla: slaStanding(clock) }] : [];
      })
      .sort(
        (a, b) =>
          time(a.sla.dueAt) - time(b.sla.dueAt) ||
          a.item.priority - b.item.priority ||
          a.item.receivedAt.getTime() - b.item.receivedAt.getTime() ||
          (a.item.caseId < b.item.caseId ? -1 : 1),
      )
      .slice(0, limit);
  }

  async markDone(caseId: string): Promise<void> {
    const w = this.rows.get(caseId);
    if (w) w.state = 'done';
  }

  async requeue(caseId: string): Promise<void> {
    const w = this.rows.get(caseId);
    if (w) Object.assign(w, { state: 'queued', assignee: null, assignedAt: null });
  }

  async setDueTimes(
    caseId: string,
    firstResponseDueAt: Date | null,
    resolutionDueAt: Date | null,
  ): Promise<void> {
    const w = this.rows.get(caseId);
    if (w) Object.assign(w, { firstResponseDueAt, resolutionDueAt });
  }
}
