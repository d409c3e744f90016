import type { OpsAgent, OpsCounterTicket } from '../read-model/ops-workforce.entity';

/** Where the workforce read model is kept: the port the fold needs. */
export abstract class WorkforceRepository {
  /** Keeps each agent's row unless the one kept is newer (by `seenAt`). */
  abstract saveAgents(rows: OpsAgent[]): Promise<void>;
  /** Keeps each ticket's row unless the one kept is newer (by `changedAt`); forgets tickets ended over two days ago. */
  abstract saveTickets(rows: OpsCounterTicket[]): Promise<void>;
}
