import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { OpsCase } from '../read-model/ops-case.entity';
import { ReportRepository } from './report.repository';
import type { ServiceChannelCounts } from './standard-of-service/standard-of-service';

const hours = (v: number | string | null) => (v === null ? null : Number(v));

@Injectable()
export class TypeormReportRepository extends ReportRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** One statement: both groupings at once (GROUPING SETS), the percentiles exact. */
  async serviceChannelCounts(tenantId: string, from: Date, to: Date): Promise<ServiceChannelCounts[]> {
    const cases = tableName(this.dataSource.manager, OpsCase);
    const rows = (await this.dataSource.query(
      `SELECT service_code, max(lgsl_id) AS lgsl_id, channel, GROUPING(channel) AS all_channels,
              count(*)::int AS volume,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)
                FILTER (WHERE first_response_at IS NOT NULL) AS fr50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - received_at) / 3600)
                FILTER (WHERE first_response_at IS NOT NULL) AS fr90,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - received_at) / 3600)
                FILTER (WHERE resolved_at IS NOT NULL) AS res50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - received_at) / 3600)
                FILTER (WHERE resolved_at IS NOT NULL) AS res90,
              count(*) FILTER (WHERE resolved_within_sla IS NOT NULL)::int AS resolved_with_target,
              count(*) FILTER (WHERE resolved_within_sla)::int AS resolved_within_sla,
              count(*) FILTER (WHERE resolved_at IS NOT NULL OR reopen_count > 0)::int AS finished,
              count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
              count(*) FILTER (WHERE duplicate)::int AS duplicates,
              count(satisfaction)::int AS answers,
              coalesce(sum(satisfaction), 0)::int AS satisfaction_sum
         FROM ${cases}
        WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3
          AND service_code IS NOT NULL AND channel IS NOT NULL
        GROUP BY GROUPING SETS ((service_code, channel), (service_code))`,
      [tenantId, from, to],
    )) as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      serviceCode: String(r.service_code),
      lgslId: r.lgsl_id === null ? null : Number(r.lgsl_id),
      channel: Number(r.all_channels) === 1 ? null : String(r.channel),
      volume: Number(r.volume),
      firstResponseP50Hours: hours(r.fr50),
      firstResponseP90Hours: hours(r.fr90),
      resolutionP50Hours: hours(r.res50),
      resolutionP90Hours: hours(r.res90),
      resolvedWithTarget: Number(r.resolved_with_target),
      resolvedWithinSla: Number(r.resolved_within_sla),
      finished: Number(r.finished),
      reopened: Number(r.reopened),
      duplicates: Number(r.duplicates),
      satisfactionAnswers: Number(r.answers),
      satisfactionSum: Number(r.satisfaction_sum),
    }));
  }
}
