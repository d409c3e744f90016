import type { OpsAgent, OpsCounterTicket } from '../read-model/ops-workforce.entity';
import { WorkforceRepository } from './workforce.repository';

/** The workforce read model in memory, for the use case's unit tests: the newer row wins, as in Postgres. */
export class InMemoryWorkforceRepository extends WorkforceRepository {
  readonly agents = new Map<string, OpsAgent>();
  readonly tickets = new Map<string, OpsCounterTicket>();

  async saveAgents(rows: OpsAgent[]): Promise<void> {
    for (const r of rows) {
      const key = `${r.tenantId}\u0000${r.agentId}`;
      const had = this.agents.get(key);
      if (!had || r.seenAt >= had.seenAt) this.agents.set(key, { ...r });
    }
  }

  async saveTickets(rows: OpsCounterTicket[]): Promise<void> {
    for (const r of rows) {
      const had = this.tickets.get(r.ticketId);
      if (!had || r.changedAt >= had.changedAt) this.tickets.set(r.ticketId, { ...r });
    }
  }
}
