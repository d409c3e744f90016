/**
 * What the ops-monitor answers (apps/ops-monitor: live/live-figures.ts, reports/**), as the console
 * reads it. Types only. Times are ISO 8601 strings; percentages 0-100 with one decimal; hours with one.
 */

/** One row of the live board: the open work of a queue, or of a service, channel or district. */
export interface LiveGroup {
  /** The queue, service code, channel or district; `(none)` for cases without one. */
  key: string;
  waiting: number;
  held: number;
  waitingForCitizen: number;
  oldestWaitingSince: string | null;
  waitP50Seconds: number | null;
  waitP90Seconds: number | null;
  atRisk: number;
  breached: number;
  resolvedLastHour: number;
}

export interface AgentLoad {
  agent: string;
  held: number;
  oldestHeldSince: string | null;
  nextDueAt: string | null;
}

export interface HourThroughput {
  hour: string;
  opened: number;
  resolved: number;
}

/** GET /api/v1/live, and each `figures` event of /api/v1/live/stream. */
export interface LiveFigures {
  at: string;
  byQueue: LiveGroup[];
  byService: LiveGroup[];
  byChannel: LiveGroup[];
  byDistrict: LiveGroup[];
  agents: AgentLoad[];
  throughput: HourThroughput[];
  /** Now minus the newest fact folded (seconds) when the figures were made; null before any. */
  delaySeconds: number | null;
}

export interface ServiceChannelFigures {
  /** null: the service on all channels. */
  channel: string | null;
  volume: number;
  firstResponseP50Hours: number | null;
  firstResponseP90Hours: number | null;
  resolutionP50Hours: number | null;
  resolutionP90Hours: number | null;
  withinSlaPercent: number | null;
  reopenPercent: number | null;
  duplicatePercent: number | null;
  satisfactionMean: number | null;
  satisfactionAnswers: number;
}

export type ParityMeasure = 'within-sla' | 'reopen' | 'satisfaction' | 'resolution-time';

export interface ParityFinding {
  serviceCode: string;
  channel: string;
  measure: ParityMeasure;
  channelValue: number;
  othersValue: number;
  /** The service's own sentence, in English. */
  sentence: string;
}

export interface ServiceReport {
  serviceCode: string;
  lgslId: number | null;
  all: ServiceChannelFigures;
  channels: ServiceChannelFigures[];
  findings: ParityFinding[];
}

/** GET /api/v1/reports/standard-of-service?from=&to=&margin= */
export interface StandardOfServiceReport {
  /** The period: from its first day's start to the end of its last day (exclusive). */
  from: string;
  to: string;
  margin: number;
  minCases: number;
  services: ServiceReport[];
  findings: ParityFinding[];
  /** The service's own summary sentence, in English. */
  summary: string;
}

export type Interval = 'week' | 'month';

/** GET /api/v1/reports/channel-shift?from=&to=&interval=&shift=from>to:percent */
export interface ChannelShiftReport {
  from: string;
  to: string;
  interval: Interval;
  currency: string;
  perContact: Record<string, number>;
  services: Array<{
    serviceCode: string;
    periods: Array<{ period: string; byChannel: Record<string, number> }>;
    totals: Record<string, number>;
    sharePercent: Record<string, number>;
    cost: number;
  }>;
  totals: Record<string, number>;
  cost: number;
  shift: {
    from: string;
    to: string;
    percent: number;
    serviceCode?: string;
    moved: number;
    costAfter: number;
    /** Negative: the shift would cost more. */
    saving: number;
    sentence: string;
  } | null;
}

/** GET /api/v1/reports/demand?from=&to=&interval= */
export interface DemandInsight {
  from: string;
  to: string;
  interval: Interval;
  services: Array<{
    serviceCode: string;
    lgslId: number | null;
    requests: number;
    byChannel: Record<string, number>;
    byDistrict: Record<string, number>;
  }>;
  districts: Array<{
    district: string;
    requests: number;
    topServices: Array<{ serviceCode: string; requests: number }>;
  }>;
  periods: Array<{ period: string; byChannel: Record<string, number>; requests: number }>;
}

/** GET /api/v1/reports/process-review?from=&to= */
export interface ProcessReview {
  from: string;
  to: string;
  services: Array<{
    serviceCode: string;
    steps: Array<{
      status: string;
      spans: number;
      stillIn: number;
      p50Hours: number | null;
      p90Hours: number | null;
      totalHours: number;
    }>;
    longest: { status: string; sharePercent: number } | null;
    sentence: string | null;
  }>;
}

export type Verdict = 'met' | 'not-met' | 'no-data' | 'no-ambition';

/** GET /api/v1/reports/self-assessment?from=&to= */
export interface SelfAssessment {
  from: string;
  to: string;
  rows: Array<{
    lgslId: number;
    lgslName: string | null;
    services: string[];
    channels: Record<string, boolean>;
    online: { ambition: boolean | null; offered: boolean; verdict: Verdict };
    digitalTakeUp: { ambitionPercent: number | null; percent: number | null; verdict: Verdict };
    withinSla: { ambitionPercent: number | null; percent: number | null; verdict: Verdict };
    requests: number;
  }>;
  counts: Record<'online' | 'digitalTakeUp' | 'withinSla', Record<Verdict, number>>;
  summary: string;
}
