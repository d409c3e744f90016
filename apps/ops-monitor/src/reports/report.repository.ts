import type { ServiceChannelCounts } from './standard-of-service/standard-of-service';

/** The reports' figures, read from the cases' read model. */
export abstract class ReportRepository {
  /** Per service and channel, and per service on all channels (`channel: null`), of the cases received in [from, to). */
  abstract serviceChannelCounts(tenantId: string, from: Date, to: Date): Promise<ServiceChannelCounts[]>;
}
