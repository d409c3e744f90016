import type { Agent } from '../agents/agent.entity';
import type { WorkItem, WorkItemState } from './work-item.entity';
import type { SlaStanding } from './work-item-sla';

/** What "take next" did for one agent: the item now theirs, or none, with what they hold already. */
export type TakeOutcome = { item: WorkItem } | { item: null; holding: number };

/** An agent's load: the items they hold, the oldest of them, the earliest resolution due among them. */
export interface HeldLoad {
  assignee: string;
  holding: number;
  oldestAssignedAt: Date | null;
  nextDueAt: Date | null;
}

/**
 * A work queue's open items now. The service level counted is the resolution clock's, as the timers
 * keep it (see loadByQueue).
 */
export interface QueueLoad {
  queue: string;
  /** Queued, for someone to take. */
  waiting: number;
  /** Held by an agent. */
  assigned: number;
  /** When the citizen asked, of the longest-waiting queued item; null when nothing waits. */
  oldestWaitingSince: Date | null;
  /** Open items whose resolution clock has warned. */
  atRisk: number;
  /** Open items whose resolution clock has breached. */
  breached: number;
}

/** An open item with its resolution clock. */
export interface ItemWithSla {
  item: WorkItem;
  sla: SlaStanding;
}

/**
 * Work items (cases in, or taken from, work queues), as the use cases need them. A city's queues,
 * loads and agents' items are those it works (`workedBy`): its own cases, and those other cities
 * hand it (a shared service).
 */
export abstract class WorkItemRepository {
  /**
   * Assigns each agent in turn the most urgent queued item of their queues whose skills they all
   * have (by priority, then resolution due, then age), unless they hold their capacity already; an
   * item that a concurrent transaction holds is skipped. Each agent's outcome, in order. Needs a
   * transaction (which holds the agents' profiles locked).
   */
  abstract assignNextToEach(agents: Agent[], at: Date): Promise<TakeOutcome[]>;
  /** The item of a case, locked for the transaction under way (when a city is given: one that city works). */
  abstract lockByCase(caseId: string, workedBy?: string): Promise<WorkItem | null>;
  /** The item of a case (when a city is given: one that city works). */
  abstract find(caseId: string, workedBy?: string): Promise<WorkItem | null>;
  abstract save(item: WorkItem): Promise<WorkItem>;
  /** Adds new items (worked by their own city unless they say another); an item a case has already is kept as it is. */
  abstract addNew(items: Array<Partial<WorkItem>>): Promise<void>;
  /** How many items an agent holds now. */
  abstract countHeld(city: string, assignee: string): Promise<number>;
  /** What an agent holds, most urgent first. */
  abstract heldBy(city: string, assignee: string): Promise<WorkItem[]>;
  /** A queue's items in a state, in the order they will be taken. */
  abstract inQueue(city: string, queue: string, state: WorkItemState, limit: number): Promise<WorkItem[]>;
  /** Each agent's load, for those who hold something. */
  abstract loadByAssignee(city: string): Promise<HeldLoad[]>;
  /**
   * Each queue with open (queued or assigned) items: how many wait, how many are held, the oldest
   * waiting, and how many are at risk or breached. At risk and breached are the states of the
   * resolution clock as the timers left them (`warned`, `breached`), not times worked out again, so
   * these figures and the timers (and the escalations they made) agree. Only the resolution clock
   * counts: the item views show it, and the first-response clock is never marked met when an agent
   * first answers (it runs on until the case waits, is resolved or ends), so counting it would call
   * answered cases breached. One statement, grouped by queue.
   */
  abstract loadByQueue(city: string): Promise<QueueLoad[]>;
  /**
   * Open (queued or assigned) items whose resolution clock is in a state, the earliest due (the most
   * overdue) first, then by priority and age.
   */
  abstract openBySla(city: string, state: 'warned' | 'breached', limit: number): Promise<ItemWithSla[]>;
  /** The case ended: its work is done. */
  abstract markDone(caseId: string): Promise<void>;
  /** The case is back for someone to take (reopened): queued, held by nobody. */
  abstract requeue(caseId: string): Promise<void>;
  /** The case's due times changed. */
  abstract setDueTimes(
    caseId: string,
    firstResponseDueAt: Date | null,
    resolutionDueAt: Date | null,
  ): Promise<void>;
}
