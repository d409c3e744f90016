import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { COUNTER_ACTIVE_CLERK_MINUTES } from '@city/contracts';
import { OpsCase, seenBy, workedBy } from '../read-model/ops-case.entity';
import { OpsAgent, OpsCounterTicket } from '../read-model/ops-workforce.entity';
import type { CounterQueueCounts } from './counter-figures';
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
           FROM ${this.cases} WHERE ${seenBy('$1')} AND open),
       recent AS (
         SELECT coalesce(${col}, '(none)') AS key, count(*)::int AS resolved
           FROM ${this.cases}
          WHERE ${seenBy('$1')} AND resolved_at > $2::timestamptz - interval '1 hour' AND resolved_at <= $2::timestamptz
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

  async agents(tenantId: string, now: Date): Promise<AgentLoad[]> {
    const agents = tableName(this.dataSource.manager, OpsAgent);
    const rows = (await this.dataSource.query(
      `WITH load AS (
         SELECT assignee, count(*)::int AS held, min(received_at) AS oldest, min(resolution_due_at) AS next_due
           FROM ${this.cases}
          WHERE ${workedBy('$1')} AND open AND assignee IS NOT NULL
          GROUP BY assignee),
       present AS (SELECT * FROM ${agents} WHERE tenant_id = $1)
       SELECT coalesce(l.assignee, p.agent_id) AS agent, coalesce(p.signed_in_until > $2, false) AS signed_in,
              p.signed_in_until, coalesce(p.queues, '{}') AS queues, p.capacity,
              coalesce(l.held, 0) AS held, l.oldest, l.next_due
         FROM load l FULL JOIN present p ON p.agent_id = l.assignee
        WHERE l.assignee IS NOT NULL OR p.signed_in_until > $2
        ORDER BY 1`,
      [tenantId, now],
    )) as Array<{
      agent: string;
      signed_in: boolean;
      signed_in_until: Date | null;
      queues: string[];
      capacity: number | null;
      held: number;
      oldest: Date | null;
      next_due: Date | null;
    }>;
    return rows.map((r) => ({
      agent: r.agent,
      signedIn: r.signed_in,
      signedInUntil: iso(r.signed_in_until),
      queues: r.queues,
      capacity: r.capacity,
      held: r.held,
      oldestHeldSince: iso(r.oldest),
      nextDueAt: iso(r.next_due),
    }));
  }

  async counters(tenantId: string, now: Date, today: string): Promise<CounterQueueCounts[]> {
    const rows = (await this.dataSource.query(
      `SELECT office, queue,
              count(*) FILTER (WHERE state = 'waiting')::int AS waiting,
              count(*) FILTER (WHERE state = 'called')::int AS serving,
              min(issued_at) FILTER (WHERE state = 'waiting') AS oldest,
              count(DISTINCT clerk_id) FILTER (WHERE called_at > $2::timestamptz - make_interval(mins => $4))::int AS clerks,
              avg(extract(epoch FROM ended_at - called_at) / 60)
                FILTER (WHERE day = $3::date AND state = 'done' AND called_at IS NOT NULL) AS minutes,
              count(*) FILTER (WHERE day = $3::date AND state = 'done')::int AS served,
              count(*) FILTER (WHERE day = $3::date AND state = 'no-show')::int AS no_shows,
              avg(extract(epoch FROM called_at - issued_at) / 60) FILTER (WHERE day = $3::date AND called_at IS NOT NULL) AS waited
         FROM ${tableName(this.dataSource.manager, OpsCounterTicket)}
        WHERE tenant_id = $1
        GROUP BY office, queue ORDER BY office, queue`,
      [tenantId, now, today, COUNTER_ACTIVE_CLERK_MINUTES],
    )) as Array<{
      office: string;
      queue: string;
      waiting: number;
      serving: number;
      oldest: Date | null;
      clerks: number;
      minutes: string | null;
      served: number;
      no_shows: number;
      waited: string | null;
    }>;
    const n = (v: string | null) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      office: r.office,
      queue: r.queue,
      waiting: r.waiting,
      serving: r.serving,
      oldestWaitingSince: iso(r.oldest),
      clerks: r.clerks,
      minutesPerVisitToday: n(r.minutes),
      servedToday: r.served,
      noShowsToday: r.no_shows,
      averageWaitTodayMinutes: n(r.waited),
    }));
  }

  async throughput(tenantId: string, now: Date): Promise<HourThroughput[]> {
    const rows = (await this.dataSource.query(
      `WITH hours AS (
         SELECT generate_series(date_trunc('hour', $2::timestamptz) - interval '23 hours',
                                date_trunc('hour', $2::timestamptz), interval '1 hour') AS hour)
       SELECT h.hour,
              (SELECT count(*)::int FROM ${this.cases} c
                WHERE ${seenBy('$1', 'c.')} AND c.received_at >= h.hour AND c.received_at < h.hour + interval '1 hour') AS opened,
              (SELECT count(*)::int FROM ${this.cases} c
                WHERE ${seenBy('$1', 'c.')} AND c.resolved_at >= h.hour AND c.resolved_at < h.hour + interval '1 hour') AS resolved
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
