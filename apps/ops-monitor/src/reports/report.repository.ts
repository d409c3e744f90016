import type { ChannelVolume } from './channel-shift/channel-shift';
import type { DemandCell } from './demand/demand';
import type { StatusTime } from './process-review/process-review';
import type { Achieved } from './self-assessment/self-assessment';
import type { ServiceChannelCounts } from './standard-of-service/standard-of-service';

export type Interval = 'week' | 'month';

/** The reports' figures, read from the cases' read model; each of the cases received in [from, to). */
export abstract class ReportRepository {
  /**
   * Per service and channel, and per service on all channels (`channel: null`); of the cases the city
   * sees (its own and those it works for another city), or of its own alone (`own`: a comparison
   * between cities counts a shared case once, for the city whose case it is).
   */
  abstract serviceChannelCounts(
    tenantId: string,
    from: Date,
    to: Date,
    cases?: 'seen' | 'own',
  ): Promise<ServiceChannelCounts[]>;
  /** Requests per service, channel and week or month (the bucket's first day, UTC). */
  abstract channelVolumes(
    tenantId: string,
    from: Date,
    to: Date,
    interval: Interval,
  ): Promise<ChannelVolume[]>;
  /** Requests per week or month, service, district and channel. */
  abstract demand(tenantId: string, from: Date, to: Date, interval: Interval): Promise<DemandCell[]>;
  /** Time in each status per service, of the spans that began in the period (open ones counted to `now`). */
  abstract statusTimes(tenantId: string, from: Date, to: Date, now: Date): Promise<StatusTime[]>;
  /** Per LGSL service: requests, those on the web, and resolutions within the service level. */
  abstract achievedByLgsl(tenantId: string, from: Date, to: Date): Promise<Achieved[]>;
}
