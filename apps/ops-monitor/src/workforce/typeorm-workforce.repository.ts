import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { OpsAgent, OpsCounterTicket } from '../read-model/ops-workforce.entity';
import { WorkforceRepository } from './workforce.repository';

/** Ended tickets are forgotten after this long: today's figures need today's, a rebuild reads two days back. */
const KEEP_ENDED = '2 days';

/**
 * Each batch is one statement per table: the rows travel as one JSON array, and a row is replaced
 * only by a newer one, so a fact that comes late or twice never turns an agent or a ticket back.
 */
@Injectable()
export class TypeormWorkforceRepository extends WorkforceRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async saveAgents(rows: OpsAgent[]): Promise<void> {
    if (rows.length === 0) return;
    const t = tableName(this.dataSource.manager, OpsAgent);
    await this.dataSource.query(
      `INSERT INTO ${t} AS a (tenant_id, agent_id, queues, capacity, seen_at, signed_in_until)
       SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r("tenantId" text, "agentId" text, queues text[], capacity int, "seenAt" timestamptz, "signedInUntil" timestamptz)
       ON CONFLICT (tenant_id, agent_id) DO UPDATE
          SET queues = excluded.queues, capacity = excluded.capacity, seen_at = excluded.seen_at,
              signed_in_until = excluded.signed_in_until
        WHERE excluded.seen_at >= a.seen_at`,
      [JSON.stringify(rows)],
    );
  }

  async saveTickets(rows: OpsCounterTicket[]): Promise<void> {
    if (rows.length === 0) return;
    const t = tableName(this.dataSource.manager, OpsCounterTicket);
    await this.dataSource.query(
      `INSERT INTO ${t} AS k (ticket_id, tenant_id, ticket, office, queue, day, service_code, state, issued_at,
                              called_at, clerk_id, counter, ended_at, changed_at, estimated_wait_minutes)
       SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r("ticketId" uuid, "tenantId" text, ticket text, office text, queue text, day date, "serviceCode" text,
                state text, "issuedAt" timestamptz, "calledAt" timestamptz, "clerkId" text, counter text,
                "endedAt" timestamptz, "changedAt" timestamptz, "estimatedWaitMinutes" int)
       ON CONFLICT (ticket_id) DO UPDATE
          SET queue = excluded.queue, state = excluded.state, called_at = excluded.called_at,
              clerk_id = excluded.clerk_id, counter = excluded.counter, ended_at = excluded.ended_at,
              changed_at = excluded.changed_at, estimated_wait_minutes = excluded.estimated_wait_minutes
        WHERE excluded.changed_at >= k.changed_at`,
      [JSON.stringify(rows)],
    );
    await this.dataSource.query(
      `DELETE FROM ${t} WHERE state IN ('done', 'no-show') AND ended_at < now() - interval '${KEEP_ENDED}'`,
    );
  }
}
