import type {
  ServiceChannelFigures,
  ParityFinding,
  ServiceReport,
  StandardOfServiceReport,
} from '@city/contracts';
export type {
  ServiceChannelFigures,
  ParityMeasure,
  ParityFinding,
  ServiceReport,
  StandardOfServiceReport,
} from '@city/contracts';
/** The raw counts and times of one service on one channel (or on all, `channel: null`) over a period. */
export interface ServiceChannelCounts {
  serviceCode: string;
  lgslId: number | null;
  channel: string | null;
  volume: number;
  firstResponseP50Hours: number | null;
  firstResponseP90Hours: number | null;
  resolutionP50Hours: number | null;
  resolutionP90Hours: number | null;
  /** Resolved cases that had a resolution due time, and those of them resolved by it. */
  resolvedWithTarget: number;
  resolvedWithinSla: number;
  /** Cases resolved or closed at least once, and those reopened. */
  finished: number;
  reopened: number;
  duplicates: number;
  satisfactionAnswers: number;
  satisfactionSum: number;
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export function figuresOf(c: ServiceChannelCounts): ServiceChannelFigures {
  return {
    channel: c.channel,
    volume: c.volume,
    firstResponseP50Hours: round1(c.firstResponseP50Hours),
    firstResponseP90Hours: round1(c.firstResponseP90Hours),
    resolutionP50Hours: round1(c.resolutionP50Hours),
    resolutionP90Hours: round1(c.resolutionP90Hours),
    withinSlaPercent: pct(c.resolvedWithinSla, c.resolvedWithTarget),
    reopenPercent: pct(c.reopened, c.finished),
    duplicatePercent: pct(c.duplicates, c.volume),
    satisfactionMean:
      c.satisfactionAnswers === 0
        ? null
        : Math.round((100 * c.satisfactionSum) / c.satisfactionAnswers) / 100,
    satisfactionAnswers: c.satisfactionAnswers,
  };
}

const CHANNEL_WORDS: Record<string, string> = {
  web: 'on the web',
  phone: 'by phone',
  kiosk: 'at a kiosk',
  counter: 'at the counter',
};
const on = (channel: string) => CHANNEL_WORDS[channel] ?? `on ${channel}`;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * Where a channel does worse than the same service's other channels together by more than the
 * margin: fewer resolved within the service level or more reopened (by more than `margin`
 * percentage points), a lower satisfaction (by more than `margin` points on the scale turned to
 * 0-100), a longer median time to resolution (by more than `margin` percent of the service's median on every channel). A channel with fewer than `minCases`
 * cases, or whose others have fewer, is not compared: a gap on a handful of cases says nothing.
 */
export function parityFindings(
  service: string,
  all: ServiceChannelCounts,
  channels: ServiceChannelCounts[],
  margin: number,
  minCases: number,
): ParityFinding[] {
  const findings: ParityFinding[] = [];
  for (const c of channels) {
    if (c.channel === null || c.volume < minCases || all.volume - c.volume < minCases) continue;
    const others = {
      resolvedWithTarget: all.resolvedWithTarget - c.resolvedWithTarget,
      resolvedWithinSla: all.resolvedWithinSla - c.resolvedWithinSla,
      finished: all.finished - c.finished,
      reopened: all.reopened - c.reopened,
      satisfactionAnswers: all.satisfactionAnswers - c.satisfactionAnswers,
      satisfactionSum: all.satisfactionSum - c.satisfactionSum,
    };
    const mine = pct(c.resolvedWithinSla, c.resolvedWithTarget);
    const theirs = pct(others.resolvedWithinSla, others.resolvedWithTarget);
    if (mine !== null && theirs !== null && theirs - mine > margin)
      findings.push({
        serviceCode: service,
        channel: c.channel,
        measure: 'within-sla',
        channelValue: mine,
        othersValue: theirs,
        sentence: `${service}: requests made ${on(c.channel)} were resolved within the service level ${fmt(mine)} % of the time, against ${fmt(theirs)} % on the other channels.`,
      });
    const reopenMine = pct(c.reopened, c.finished);
    const reopenTheirs = pct(others.reopened, others.finished);
    if (reopenMine !== null && reopenTheirs !== null && reopenMine - reopenTheirs > margin)
      findings.push({
        serviceCode: service,
        channel: c.channel,
        measure: 'reopen',
        channelValue: reopenMine,
        othersValue: reopenTheirs,
        sentence: `${service}: ${fmt(reopenMine)} % of the requests made ${on(c.channel)} were reopened, against ${fmt(reopenTheirs)} % on the other channels.`,
      });
    if (c.satisfactionAnswers >= minCases && others.satisfactionAnswers >= minCases) {
      const meanMine = c.satisfactionSum / c.satisfactionAnswers;
      const meanTheirs = others.satisfactionSum / others.satisfactionAnswers;
      if (((meanTheirs - meanMine) / 4) * 100 > margin)
        findings.push({
          serviceCode: service,
          channel: c.channel,
          measure: 'satisfaction',
          channelValue: Math.round(meanMine * 100) / 100,
          othersValue: Math.round(meanTheirs * 100) / 100,
          sentence: `${service}: citizens who asked ${on(c.channel)} rated the handling ${meanMine.toFixed(1)} out of 5, against ${meanTheirs.toFixed(1)} on the other channels.`,
        });
    }
    const median = c.resolutionP50Hours;
    const overall = all.resolutionP50Hours;
    if (median !== null && overall !== null && overall > 0 && ((median - overall) / overall) * 100 > margin)
      findings.push({
        serviceCode: service,
        channel: c.channel,
        measure: 'resolution-time',
        channelValue: round1(median)!,
        othersValue: round1(overall)!,
        sentence: `${service}: requests made ${on(c.channel)} took ${fmt(round1(median)!)} hours to resolve (median), against ${fmt(round1(overall)!)} hours for the service on every channel.`,
      });
  }
  return findings;
}

/** The report from the counts per service and channel (and per service on all channels). */
export function standardOfService(
  counts: ServiceChannelCounts[],
  o: { from: string; to: string; margin: number; minCases: number },
): StandardOfServiceReport {
  const byService = new Map<string, ServiceChannelCounts[]>();
  for (const c of counts) byService.set(c.serviceCode, [...(byService.get(c.serviceCode) ?? []), c]);
  const services: ServiceReport[] = [];
  for (const [serviceCode, rows] of [...byService.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const all = rows.find((r) => r.channel === null);
    if (!all) continue;
    const channels = rows
      .filter((r) => r.channel !== null)
      .sort((a, b) => a.channel!.localeCompare(b.channel!));
    services.push({
      serviceCode,
      lgslId: all.lgslId,
      all: figuresOf(all),
      channels: channels.map(figuresOf),
      findings: parityFindings(serviceCode, all, channels, o.margin, o.minCases),
    });
  }
  const findings = services.flatMap((s) => s.findings);
  const compared = services.filter((s) => s.channels.filter((c) => c.volume >= o.minCases).length > 1).length;
  const summary =
    findings.length === 0
      ? `One standard on every channel: of the ${compared} services with enough requests on more than one channel, none does worse on one channel than on the others by more than ${o.margin} points.`
      : `${new Set(findings.map((f) => `${f.serviceCode}/${f.channel}`)).size} service and channel pairs do worse than the same service's other channels by more than ${o.margin} points; see the findings.`;
  return { ...o, services, findings, summary };
}
