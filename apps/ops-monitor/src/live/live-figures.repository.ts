import type { AgentLoad, HourThroughput, LiveGroup } from '@city/contracts';

export type LiveDimension = 'queue' | 'service' | 'channel' | 'district';

/** The live board's figures, read from the cases' read model. */
export abstract class LiveFiguresRepository {
  abstract groups(tenantId: string, by: LiveDimension, now: Date): Promise<LiveGroup[]>;
  abstract agents(tenantId: string): Promise<AgentLoad[]>;
  abstract throughput(tenantId: string, now: Date): Promise<HourThroughput[]>;
}
