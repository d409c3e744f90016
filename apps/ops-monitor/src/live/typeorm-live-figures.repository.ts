import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { OpsCase } from '../read-model/ops-case.entity';
import type { AgentLoad, HourThroughput, LiveGroup } from '@city/contracts';
import { LiveFiguresRepository, type LiveDimension } from './live-figures.repository';

const COLUMN: Record<LiveDimension, string> = {
  queue: 'queue',
  service: 'service_code',
  channel: 'channel',
  district: 'district',
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const num = (v: string | number | null) => (v === null ? null : Math.round(Number(v)));

/**
 * Each figure is one grouped statement over the open cases (a partial index holds them) plus the
 * last hour's resolutions, so the board costs the same whether the city has ten thousand closed
 * cases or ten million.
 */
@Injectable()
export class TypeormLiveFiguresRepository extends LiveFiguresRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  private get cases(): string {
    return tableName(this.dataSource.manager, OpsCase);
  }

  async groups(tenantId: string, by: LiveDimension, now: Date): Promise<LiveGroup[]> {
    const col = COLUMN[by];
    const rows = (await this.dataSource.query(
      `WITH live AS (
         SELECT coalesce(${col}, '(none)') AS key, status, assignee, received_at, warned_at, breached_at
           FROM ${this.cases} WHERE tenant_id = $1 AND open),
       recent AS (
         SELECT coalesce(${col}, '(none)') AS key, count(*)::int AS resolved
           FROM ${this.cases}
          WHERE tenant_id = $1 AND resolved_at > $2::timestamptz - interval '1 hour' AND resolved_at <= $2::timestamptz
          GROUP BY 1),
       figures AS (
         SELECT key,
                count(*) FILTER (WHERE status <> 'waiting-for-citizen' AND assignee IS NULL)::int AS waiting,
                count(*) FILTER (WHERE status <> 'waiting-for-citizen' AND assignee IS NOT NULL)::int AS held,
                count(*) FILTER (WHERE status = 'waiting-for-citizen')::int AS waiting_for_citizen,
                min(received_at) FILTER (WHERE status <> 'waiting-for-citizen' AND assignee IS NULL) AS oldest,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM $2::timestamptz - received_at))
                  FILTER (WHERE status <> 'waiting-for-citizen' AND assignee IS NULL) AS p50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM $2::timestamptz - received_at))
                  FILTER (WHERE status <> 'waiting-for-citizen' AND assignee IS NULL) AS p90,
                count(*) FILTER (WHERE warned_at IS NOT NULL AND breached_at IS NULL)::int AS at_risk,
                count(*) FILTER (WHERE breached_at IS NOT NULL)::int AS breached
           FROM live GROUP BY key)
       SELECT coalesce(f.key, r.key) AS key, coalesce(f.waiting, 0) AS waiting, coalesce(f.held, 0) AS held,
              coalesce(f.waiting_for_citizen, 0) AS waiting_for_citizen, f.oldest, f.p50, f.p90,
              coalesce(f.at_risk, 0) AS at_risk, coalesce(f.breached, 0) AS breached,
              coalesce(r.resolved, 0) AS resolved
         FROM figures f FULL JOIN recent r ON r.key = f.key
        ORDER BY 1`,
      [tenantId, now],
    )) as Array<{
      key: string;
      waiting: number;
      held: number;
      waiting_for_citizen: number;
      oldest: Date | null;
      p50: number | null;
      p90: number | null;
      at_risk: number;
      breached: number;
      resolved: number;
    }>;
    return rows.map((r) => ({
      key: r.key,
      waiting: r.waiting,
      held: r.held,
      waitingForCitizen: r.waiting_for_citizen,
      oldestWaitingSince: iso(r.oldest),
      waitP50Seconds: num(r.p50),
      waitP90Seconds: num(r.p90),
      atRisk: r.at_risk,
      breached: r.breached,
      resolvedLastHour: r.resolved,
    }));
  }

  async agents(tenantId: string): Promise<AgentLoad[]> {
    const rows = (await this.dataSource.query(
      `SELECT assignee, count(*)::int AS held, min(received_at) AS oldest, min(resolution_due_at) AS next_due
         FROM ${this.cases}
        WHERE tenant_id = $1 AND open AND assignee IS NOT NULL
        GROUP BY assignee ORDER BY assignee`,
      [tenantId],
    )) as Array<{ assignee: string; held: number; oldest: Date | null; next_due: Date | null }>;
    return rows.map((r) => ({
      agent: r.assignee,
      held: r.held,
      oldestHeldSince: iso(r.oldest),
      nextDueAt: iso(r.next_due),
    }));
  }

  async throughput(tenantId: string, now: Date): Promise<HourThroughput[]> {
    const rows = (await this.dataSource.query(
      `WITH hours AS (
         SELECT generate_series(date_trunc('hour', $2::timestamptz) - interval '23 hours',
                                date_trunc('hour', $2::timestamptz), interval '1 hour') AS hour)
       SELECT h.hour,
              (SELECT count(*)::int FROM ${this.cases} c
                WHERE c.tenant_id = $1 AND c.received_at >= h.hour AND c.received_at < h.hour + interval '1 hour') AS opened,
              (SELECT count(*)::int FROM ${this.cases} c
                WHERE c.tenant_id = $1 AND c.resolved_at >= h.hour AND c.resolved_at < h.hour + interval '1 hour') AS resolved
         FROM hours h ORDER BY h.hour`,
      [tenantId, now],
    )) as Array<{ hour: Date; opened: number; resolved: number }>;
    return rows.map((r) => ({
      hour: new Date(r.hour).toISOString(),
      opened: r.opened,
      resolved: r.resolved,
    }));
  }
}
