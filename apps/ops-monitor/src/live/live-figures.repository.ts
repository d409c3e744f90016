import type { AgentLoad, HourThroughput, LiveGroup } from '@city/contracts';
import type { CounterQueueCounts } from './counter-figures';

export type LiveDimension = 'queue' | 'service' | 'channel' | 'district';

/** The live board's figures, read from the read models (cases, agents, counter tickets). */
export abstract class LiveFiguresRepository {
  abstract groups(tenantId: string, by: LiveDimension, now: Date): Promise<LiveGroup[]>;
  /** Agents signed in at `now` and those holding cases, by id. */
  abstract agents(tenantId: string, now: Date): Promise<AgentLoad[]>;
  /** The counter tickets per office and queue now; `today` is the city's local date. */
  abstract counters(tenantId: string, now: Date, today: string): Promise<CounterQueueCounts[]>;
  abstract throughput(tenantId: string, now: Date): Promise<HourThroughput[]>;
}
