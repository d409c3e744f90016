import type { AgentPresenceReportedV1, CounterTicketChangedV1, WorkforceFactV1 } from '@city/contracts';
import type { OpsAgent, OpsCounterTicket } from '../read-model/ops-workforce.entity';

/**
 * Each workforce fact carries the whole state of its agent or ticket, so a batch folds to the newest
 * per agent and per ticket (by the time it tells, not the order it came: a late or replayed fact never
 * turns a ticket back), and the store keeps a row only when it is newer than the one it has.
 */
export function newestFacts(facts: WorkforceFactV1[]): { agents: OpsAgent[]; tickets: OpsCounterTicket[] } {
  const agents = new Map<string, OpsAgent>();
  const tickets = new Map<string, OpsCounterTicket>();
  for (const f of facts) {
    if (f.type === 'AgentPresenceReported') {
      const row = agentRow(f);
      const key = `${row.tenantId}\u0000${row.agentId}`;
      const had = agents.get(key);
      if (!had || row.seenAt >= had.seenAt) agents.set(key, row);
    } else {
      const row = ticketRow(f);
      const had = tickets.get(row.ticketId);
      if (!had || row.changedAt >= had.changedAt) tickets.set(row.ticketId, row);
    }
  }
  return { agents: [...agents.values()], tickets: [...tickets.values()] };
}

const agentRow = ({ tenantId, payload: p }: AgentPresenceReportedV1): OpsAgent => ({
  tenantId,
  agentId: p.agentId,
  queues: p.queues,
  capacity: p.capacity,
  seenAt: new Date(p.seenAt),
  signedInUntil: new Date(p.signedInUntil),
});

const date = (s: string | null) => (s === null ? null : new Date(s));

const ticketRow = ({ tenantId, payload: p }: CounterTicketChangedV1): OpsCounterTicket => ({
  ticketId: p.ticketId,
  tenantId,
  ticket: p.ticket,
  office: p.office,
  queue: p.queue,
  day: p.day,
  serviceCode: p.serviceCode,
  state: p.state,
  issuedAt: new Date(p.issuedAt),
  calledAt: date(p.calledAt),
  clerkId: p.clerkId,
  counter: p.counter,
  endedAt: date(p.endedAt),
  changedAt: new Date(p.changedAt),
  estimatedWaitMinutes: p.estimatedWaitMinutes,
});
