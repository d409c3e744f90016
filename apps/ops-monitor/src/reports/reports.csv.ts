import type { ChannelShiftReport } from './channel-shift/channel-shift';
import { csvOf } from './csv';
import type { DemandInsight } from './demand/demand';
import type { ProcessReview } from './process-review/process-review';
import type { SelfAssessment } from './self-assessment/self-assessment';

/** One row per service, period and channel, with the cost of those contacts. */
export function channelShiftCsv(r: ChannelShiftReport): string {
  const rows = r.services.flatMap((s) =>
    s.periods.flatMap((p) =>
      Object.entries(p.byChannel).map(([channel, n]) => [
        s.serviceCode,
        p.period,
        channel,
        n,
        Math.round(n * (r.perContact[channel] ?? 0) * 100) / 100,
        r.currency,
      ]),
    ),
  );
  return csvOf(['service', 'period', 'channel', 'requests', 'cost', 'currency'], rows);
}

export function demandCsv(r: DemandInsight): string {
  return csvOf(
    ['period', 'service', 'lgsl_id', 'district', 'channel', 'requests'],
    r.cells.map((c) => [c.period, c.serviceCode, c.lgslId, c.district, c.channel, c.requests]),
  );
}

export function processReviewCsv(r: ProcessReview): string {
  return csvOf(
    ['service', 'status', 'spans_ended', 'still_in', 'p50_hours', 'p90_hours', 'total_hours'],
    r.services.flatMap((s) =>
      s.steps.map((t) => [s.serviceCode, t.status, t.spans, t.stillIn, t.p50Hours, t.p90Hours, t.totalHours]),
    ),
  );
}

export function selfAssessmentCsv(r: SelfAssessment): string {
  return csvOf(
    [
      'lgsl_id',
      'lgsl_name',
      'services',
      'web',
      'phone',
      'kiosk',
      'counter',
      'online_ambition',
      'online_verdict',
      'digital_take_up_ambition_percent',
      'digital_take_up_percent',
      'digital_take_up_verdict',
      'within_sla_ambition_percent',
      'within_sla_percent',
      'within_sla_verdict',
      'requests',
    ],
    r.rows.map((x) => [
      x.lgslId,
      x.lgslName,
      x.services.join(' '),
      x.channels.web,
      x.channels.phone,
      x.channels.kiosk,
      x.channels.counter,
      x.online.ambition,
      x.online.verdict,
      x.digitalTakeUp.ambitionPercent,
      x.digitalTakeUp.percent,
      x.digitalTakeUp.verdict,
      x.withinSla.ambitionPercent,
      x.withinSla.percent,
      x.withinSla.verdict,
      x.requests,
    ]),
  );
}
