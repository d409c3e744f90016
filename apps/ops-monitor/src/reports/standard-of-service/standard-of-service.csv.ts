import { csvOf } from '../csv';
import type { StandardOfServiceReport } from './standard-of-service';

const COLUMNS = [
  'service',
  'lgsl_id',
  'channel',
  'volume',
  'first_response_p50_hours',
  'first_response_p90_hours',
  'resolution_p50_hours',
  'resolution_p90_hours',
  'within_sla_percent',
  'reopen_percent',
  'duplicate_percent',
  'satisfaction_mean',
  'satisfaction_answers',
  'finding',
] as const;

/** The report as CSV: one row per service and channel, then the service on all channels (`all`). */
export function standardOfServiceCsv(r: StandardOfServiceReport): string {
  const rows: Array<Array<string | number | null>> = [];
  for (const s of r.services)
    for (const f of [...s.channels, s.all]) {
      const findings = f.channel === null ? [] : s.findings.filter((x) => x.channel === f.channel);
      rows.push([
        s.serviceCode,
        s.lgslId,
        f.channel ?? 'all',
        f.volume,
        f.firstResponseP50Hours,
        f.firstResponseP90Hours,
        f.resolutionP50Hours,
        f.resolutionP90Hours,
        f.withinSlaPercent,
        f.reopenPercent,
        f.duplicatePercent,
        f.satisfactionMean,
        f.satisfactionAnswers,
        findings.map((x) => x.sentence).join(' '),
      ]);
    }
  return csvOf(COLUMNS, rows);
}
