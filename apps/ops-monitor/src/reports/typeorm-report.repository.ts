import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { OpsCase, OpsStatusSpan } from '../read-model/ops-case.entity';
import type { ChannelVolume } from './channel-shift/channel-shift';
import type { DemandCell } from './demand/demand';
import type { StatusTime } from './process-review/process-review';
import { ReportRepository, type Interval } from './report.repository';
import type { Achieved } from './self-assessment/self-assessment';
import type { ServiceChannelCounts } from './standard-of-service/standard-of-service';

const hours = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

@Injectable()
export class TypeormReportRepository extends ReportRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** A report's statement. (A larger work_mem for its sorts was measured, and was not faster: bench:ops in docs/benchmarks.md.) */
  private async report<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.dataSource.query(sql, params)) as R[];
  }

  /** One statement: both groupings at once (GROUPING SETS), the percentiles exact (both of a kind from one sort). */
  async serviceChannelCounts(tenantId: string, from: Date, to: Date): Promise<ServiceChannelCounts[]> {
    const rows = await this.report<Record<string, string | number | null | number[]>>(
      `SELECT service_code, max(lgsl_id) AS lgsl_id, channel, GROUPING(channel) AS all_channels,
              count(*)::int AS volume,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)
                FILTER (WHERE first_response_at IS NOT NULL) AS fr,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - received_at) / 3600)
                FILTER (WHERE resolved_at IS NOT NULL) AS res,
              count(*) FILTER (WHERE resolved_within_sla IS NOT NULL)::int AS resolved_with_target,
              count(*) FILTER (WHERE resolved_within_sla)::int AS resolved_within_sla,
              count(*) FILTER (WHERE resolved_at IS NOT NULL OR reopen_count > 0)::int AS finished,
              count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
              count(*) FILTER (WHERE duplicate)::int AS duplicates,
              count(satisfaction)::int AS answers,
              coalesce(sum(satisfaction), 0)::int AS satisfaction_sum
         FROM ${this.cases}
        WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3
          AND service_code IS NOT NULL AND channel IS NOT NULL
        GROUP BY GROUPING SETS ((service_code, channel), (service_code))`,
      [tenantId, from, to],
    );
    const at = (v: unknown, i: number) => hours((v as number[] | null)?.[i]);
    return rows.map((r) => ({
      serviceCode: String(r.service_code),
      lgslId: r.lgsl_id === null ? null : Number(r.lgsl_id),
      channel: Number(r.all_channels) === 1 ? null : String(r.channel),
      volume: Number(r.volume),
      firstResponseP50Hours: at(r.fr, 0),
      firstResponseP90Hours: at(r.fr, 1),
      resolutionP50Hours: at(r.res, 0),
      resolutionP90Hours: at(r.res, 1),
      resolvedWithTarget: Number(r.resolved_with_target),
      resolvedWithinSla: Number(r.resolved_within_sla),
      finished: Number(r.finished),
      reopened: Number(r.reopened),
      duplicates: Number(r.duplicates),
      satisfactionAnswers: Number(r.answers),
      satisfactionSum: Number(r.satisfaction_sum),
    }));
  }

  private get cases(): string {
    return tableName(this.dataSource.manager, OpsCase);
  }

  /** The bucket of a time: its week (Monday) or month, as a date. */
  private bucket(interval: Interval): string {
    return `to_char(date_trunc('${interval === 'week' ? 'week' : 'month'}', received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  }

  async channelVolumes(tenantId: string, from: Date, to: Date, interval: Interval): Promise<ChannelVolume[]> {
    const rows = (await this.dataSource.query(
      `SELECT service_code, ${this.bucket(interval)} AS period, channel, count(*)::int AS requests
         FROM ${this.cases}
        WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3
          AND service_code IS NOT NULL AND channel IS NOT NULL
        GROUP BY 1, 2, 3`,
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
      `SELECT ${this.bucket(interval)} AS period, service_code, max(lgsl_id) AS lgsl_id,
              coalesce(district, '(none)') AS district, channel, count(*)::int AS requests
         FROM ${this.cases}
        WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3
          AND service_code IS NOT NULL AND channel IS NOT NULL
        GROUP BY 1, 2, 4, 5 ORDER BY 1, 2, 4, 5`,
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

  async statusTimes(tenantId: string, from: Date, to: Date, now: Date): Promise<StatusTime[]> {
    const spans = tableName(this.dataSource.manager, OpsStatusSpan);
    type Row = {
      service_code: string;
      status: string;
      spans: number;
      still_in: number;
      p: number[] | null;
      total: number | string;
    };
    const rows = (
      await this.report<Row>(
        `SELECT service_code, status,
                count(*) FILTER (WHERE left_at IS NOT NULL)::int AS spans,
                count(*) FILTER (WHERE left_at IS NULL)::int AS still_in,
                percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(left_at, $4) - entered_at) / 3600) AS p,
                sum(extract(epoch FROM coalesce(left_at, $4) - entered_at)) / 3600 AS total
           FROM ${spans}
          WHERE tenant_id = $1 AND entered_at >= $2 AND entered_at < $3 AND service_code IS NOT NULL
          GROUP BY 1, 2`,
        [tenantId, from, to, now],
      )
    ).map((r) => ({ ...r, p50: r.p?.[0] ?? null, p90: r.p?.[1] ?? null }));
    const r1 = (n: number | string | null) => (n === null ? null : Math.round(Number(n) * 10) / 10);
    return rows.map((r) => ({
      serviceCode: r.service_code,
      status: r.status,
      spans: r.spans,
      stillIn: r.still_in,
      p50Hours: r1(r.p50),
      p90Hours: r1(r.p90),
      totalHours: r1(r.total) ?? 0,
    }));
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
