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
