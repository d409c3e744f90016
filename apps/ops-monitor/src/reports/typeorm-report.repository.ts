import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { OpsCase, OpsStatusSpan, seenBy } from '../read-model/ops-case.entity';
import type { ChannelVolume } from './channel-shift/channel-shift';
import type { DemandCell } from './demand/demand';
import type { StatusTime } from './process-review/process-review';
import { BUCKET_MINUTES, percentilesFromHistogram } from './histogram';
import { ReportRepository, type Interval } from './report.repository';
import type { Achieved } from './self-assessment/self-assessment';
import type { ServiceChannelCounts } from './standard-of-service/standard-of-service';

@Injectable()
export class TypeormReportRepository extends ReportRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** A report's statement. (A larger work_mem for its sorts was measured, and was not faster: bench:ops in docs/benchmarks.md.) */
  private async report<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.dataSource.query(sql, params)) as R[];
  }

  /**
   * Two hash aggregates, no sort: the counts per service and channel, and the histograms of the
   * durations (3-minute buckets) from which the percentiles come (./histogram.ts); the service on all
   * channels is the sum of its channels. Exact percentiles sorted every duration: over a year of a
   * million cases that took over a second (docs/benchmarks.md, Operations).
   */
  async serviceChannelCounts(
    tenantId: string,
    from: Date,
    to: Date,
    cases: 'seen' | 'own' = 'seen',
  ): Promise<ServiceChannelCounts[]> {
    const where = `${cases === 'own' ? 'tenant_id = $1' : seenBy('$1')} AND received_at >= $2 AND received_at < $3 AND service_code IS NOT NULL AND channel IS NOT NULL`;
    const [counts, histograms] = await Promise.all([
      this.report<Record<string, string | number | null>>(
        `SELECT service_code, channel, max(lgsl_id) AS lgsl_id, count(*)::int AS volume,
                count(*) FILTER (WHERE resolved_within_sla IS NOT NULL)::int AS resolved_with_target,
                count(*) FILTER (WHERE resolved_within_sla)::int AS resolved_within_sla,
                count(*) FILTER (WHERE resolved_at IS NOT NULL OR reopen_count > 0)::int AS finished,
                count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
                count(*) FILTER (WHERE duplicate)::int AS duplicates,
                count(satisfaction)::int AS answers,
                coalesce(sum(satisfaction), 0)::int AS satisfaction_sum
           FROM ${this.cases} WHERE ${where}
          GROUP BY 1, 2`,
        [tenantId, from, to],
      ),
      // One scan, two hashed groupings: first-response buckets and resolution buckets (the other column grouped out).
      this.report<{ service_code: string; channel: string; kind: number; bucket: number | null; n: number }>(
        `SELECT service_code, channel, GROUPING(fb) AS kind, coalesce(fb, rb) AS bucket, count(*)::int AS n
           FROM (SELECT service_code, channel, first_response_minutes / ${BUCKET_MINUTES} AS fb,
                        resolution_minutes / ${BUCKET_MINUTES} AS rb
                   FROM ${this.cases} WHERE ${where}) d
          GROUP BY GROUPING SETS ((service_code, channel, fb), (service_code, channel, rb))`,
        [tenantId, from, to],
      ),
    ]);
    type Acc = Omit<
      ServiceChannelCounts,
      'firstResponseP50Hours' | 'firstResponseP90Hours' | 'resolutionP50Hours' | 'resolutionP90Hours'
    > & {
      hist: [Map<number, number>, Map<number, number>];
    };
    const rows = new Map<string, Acc>();
    const acc = (service: string, channel: string | null): Acc => {
      const key = `${service}\u0000${channel ?? ''}`;
      let a = rows.get(key);
      if (!a) {
        a = {
          serviceCode: service,
          lgslId: null,
          channel,
          volume: 0,
          resolvedWithTarget: 0,
          resolvedWithinSla: 0,
          finished: 0,
          reopened: 0,
          duplicates: 0,
          satisfactionAnswers: 0,
          satisfactionSum: 0,
          hist: [new Map(), new Map()],
        };
        rows.set(key, a);
      }
      return a;
    };
    for (const r of counts)
      for (const a of [acc(String(r.service_code), String(r.channel)), acc(String(r.service_code), null)]) {
        a.lgslId = r.lgsl_id === null ? a.lgslId : Math.max(a.lgslId ?? 0, Number(r.lgsl_id));
        a.volume += Number(r.volume);
        a.resolvedWithTarget += Number(r.resolved_with_target);
        a.resolvedWithinSla += Number(r.resolved_within_sla);
        a.finished += Number(r.finished);
        a.reopened += Number(r.reopened);
        a.duplicates += Number(r.duplicates);
        a.satisfactionAnswers += Number(r.answers);
        a.satisfactionSum += Number(r.satisfaction_sum);
      }
    for (const h of histograms) {
      if (h.bucket === null) continue; // cases without that duration (not answered, not resolved)
      for (const a of [acc(h.service_code, h.channel), acc(h.service_code, null)]) {
        const m = a.hist[h.kind];
        m.set(h.bucket, (m.get(h.bucket) ?? 0) + h.n);
      }
    }
    return [...rows.values()].map(({ hist, ...a }) => {
      const [fr50, fr90] = percentilesFromHistogram(hist[0], [0.5, 0.9]);
      const [res50, res90] = percentilesFromHistogram(hist[1], [0.5, 0.9]);
      return {
        ...a,
        firstResponseP50Hours: fr50,
        firstResponseP90Hours: fr90,
        resolutionP50Hours: res50,
        resolutionP90Hours: res90,
      };
    });
  }

  private get cases(): string {
    return tableName(this.dataSource.manager, OpsCase);
  }

  /** The bucket of a time: its week (Monday) or month (grouped as a timestamp; written as a date after grouping, which costs a tenth). */
  private bucket(interval: Interval): string {
    return `date_trunc('${interval === 'week' ? 'week' : 'month'}', received_at AT TIME ZONE 'UTC')`;
  }

  async channelVolumes(tenantId: string, from: Date, to: Date, interval: Interval): Promise<ChannelVolume[]> {
    const rows = (await this.dataSource.query(
      `SELECT service_code, to_char(period, 'YYYY-MM-DD') AS period, channel, requests
         FROM (SELECT service_code, ${this.bucket(interval)} AS period, channel, count(*)::int AS requests
                 FROM ${this.cases}
                WHERE ${seenBy('$1')} AND received_at >= $2 AND received_at < $3
                  AND service_code IS NOT NULL AND channel IS NOT NULL
                GROUP BY 1, 2, 3) g`,
      [tenantId, from, to],
    )) as Array<{ service_code: string; period: string; channel: string; requests: number }>;
    return rows.map((r) => ({
      serviceCode: r.service_code,
      period: r.period,
      channel: r.channel,
      requests: r.requests,
    }));
  }

  async demand(tenantId: string, from: Date, to: Date, interval: Interval): Promise<DemandCell[]> {
    const rows = (await this.dataSource.query(
      `SELECT to_char(period, 'YYYY-MM-DD') AS period, service_code, lgsl_id, district, channel, requests
         FROM (SELECT ${this.bucket(interval)} AS period, service_code, max(lgsl_id) AS lgsl_id,
                      coalesce(district, '(none)') AS district, channel, count(*)::int AS requests
                 FROM ${this.cases}
                WHERE ${seenBy('$1')} AND received_at >= $2 AND received_at < $3
                  AND service_code IS NOT NULL AND channel IS NOT NULL
                GROUP BY 1, 2, 4, 5) g
        ORDER BY 1, 2, 4, 5`,
      [tenantId, from, to],
    )) as Array<{
      period: string;
      service_code: string;
      lgsl_id: number | null;
      district: string;
      channel: string;
      requests: number;
    }>;
    return rows.map((r) => ({
      period: r.period,
      serviceCode: r.service_code,
      lgslId: r.lgsl_id,
      district: r.district,
      channel: r.channel,
      requests: r.requests,
    }));
  }

  /**
   * One scan of the spans, a hash aggregate by service, status, still in it or not, and 3-minute
   * bucket of the time spent: the counts, the total and the histogram for the percentiles (of the
   * spans that ended) all come from its rows.
   */
  async statusTimes(tenantId: string, from: Date, to: Date, now: Date): Promise<StatusTime[]> {
    const spans = tableName(this.dataSource.manager, OpsStatusSpan);
    const rows = await this.report<{
      service_code: string;
      status: string;
      still_in: boolean;
      bucket: number;
      n: number;
      minutes: number | string;
    }>(
      // Minutes in the status: kept on each span when the case left it; counted to now for those still in it.
      `SELECT service_code, status, left_at IS NULL AS still_in,
              CASE WHEN left_at IS NULL THEN -1 ELSE m / ${BUCKET_MINUTES} END AS bucket,
              count(*)::int AS n, sum(m)::bigint AS minutes
         FROM (SELECT service_code, status, left_at,
                      coalesce(minutes, greatest(0, round(extract(epoch FROM $4::timestamptz - entered_at) / 60))::int) AS m
                 FROM ${spans}
                WHERE tenant_id = $1 AND entered_at >= $2 AND entered_at < $3 AND service_code IS NOT NULL) d
        GROUP BY 1, 2, 3, 4`,
      [tenantId, from, to, now],
    );
    const steps = new Map<
      string,
      {
        serviceCode: string;
        status: string;
        spans: number;
        stillIn: number;
        minutes: number;
        hist: Map<number, number>;
      }
    >();
    for (const r of rows) {
      const key = `${r.service_code}\u0000${r.status}`;
      const step = steps.get(key) ?? {
        serviceCode: r.service_code,
        status: r.status,
        spans: 0,
        stillIn: 0,
        minutes: 0,
        hist: new Map<number, number>(),
      };
      if (r.still_in) step.stillIn += r.n;
      else step.spans += r.n;
      step.minutes += Number(r.minutes);
      // The percentiles are of the spans that ended; those still going count in the total only (each
      // would be a bucket of its own, to now: millions of groups for nothing a manager reads).
      if (r.bucket >= 0) step.hist.set(r.bucket, (step.hist.get(r.bucket) ?? 0) + r.n);
      steps.set(key, step);
    }
    const r1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
    return [...steps.values()].map(({ hist, minutes, ...step }) => {
      const [p50, p90] = percentilesFromHistogram(hist, [0.5, 0.9]);
      return { ...step, p50Hours: r1(p50), p90Hours: r1(p90), totalHours: r1(minutes / 60) ?? 0 };
    });
  }

  async achievedByLgsl(tenantId: string, from: Date, to: Date): Promise<Achieved[]> {
    const rows = (await this.dataSource.query(
      `SELECT lgsl_id, count(*)::int AS requests, count(*) FILTER (WHERE channel = 'web')::int AS web,
              count(*) FILTER (WHERE resolved_within_sla IS NOT NULL)::int AS with_target,
              count(*) FILTER (WHERE resolved_within_sla)::int AS within
         FROM ${this.cases}
        WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3 AND lgsl_id IS NOT NULL
        GROUP BY 1`,
      [tenantId, from, to],
    )) as Array<{ lgsl_id: number; requests: number; web: number; with_target: number; within: number }>;
    return rows.map((r) => ({
      lgslId: r.lgsl_id,
      requests: r.requests,
      web: r.web,
      resolvedWithTarget: r.with_target,
      resolvedWithinSla: r.within,
    }));
  }
}
