import type { Channel } from '../channels';

/**
 * What the ops-monitor answers: the live board and its reports (apps/ops-monitor, docs/operations.md).
 * Its services and the console read the same shapes. Times are ISO 8601; percentages 0-100 with one
 * decimal; hours with one decimal.
 */

/** One row of the live board: the open work of one queue, or of one service, channel or district. */
export interface LiveGroup {
  /** The queue, service code, channel or district (`(none)` for cases without one). */
  key: string;
  /** Queued and nobody holds it. */
  waiting: number;
  /** Held by an agent or clerk. */
  held: number;
  /** Open but waiting for the citizen (their clocks stand still). */
  waitingForCitizen: number;
  /** When the citizen of the longest-waiting queued case asked, or null. */
  oldestWaitingSince: string | null;
  /** How long the queued cases have waited since the citizen asked (seconds): median and 90th percentile. */
  waitP50Seconds: number | null;
  waitP90Seconds: number | null;
  /** Open cases whose resolution clock warned, and those whose clock breached. */
  atRisk: number;
  breached: number;
  /** Cases resolved in the last hour. */
  resolvedLastHour: number;
}

/**
 * An agent or clerk on the live board: those signed in now (their console reported within the window)
 * and those holding cases, signed in or not.
 */
export interface AgentLoad {
  agent: string;
  signedIn: boolean;
  /** Until when their last report keeps them signed in; null when none has come (they only hold cases). */
  signedInUntil: string | null;
  /** The queues of their work profile, as their last report said. */
  queues: string[];
  /** How many cases they may hold; null when no report has come. */
  capacity: number | null;
  held: number;
  /** When the citizen of the oldest case they hold asked. */
  oldestHeldSince: string | null;
  /** The earliest resolution due time among what they hold. */
  nextDueAt: string | null;
}

/** Cases resolved per hour over the last 24 hours, the oldest hour first. */
export interface HourThroughput {
  hour: string;
  opened: number;
  resolved: number;
}

/** One queue of one town-hall office now, and its day so far. */
export interface CounterQueueFigures {
  office: string;
  officeName: string;
  queue: string;
  /** Tickets waiting to be called. */
  waiting: number;
  /** Tickets called and being served at a counter. */
  serving: number;
  /** When the longest-waiting ticket was taken. */
  oldestWaitingSince: string | null;
  /** Clerks who called one of its tickets in the last 30 minutes. */
  clerks: number;
  /** Minutes a visit takes: today's average, or the city's default before today has one. */
  minutesPerVisit: number;
  /** The wait a ticket taken now would likely have (the desk's own estimate, from the same figures). */
  estimatedWaitMinutes: number;
  servedToday: number;
  noShowsToday: number;
  /** Today's average minutes from ticket to call; null before the first call. */
  averageWaitTodayMinutes: number | null;
}

/** What the live board shows: pushed on every change, and answered on request. */
export interface LiveFigures {
  at: string;
  byQueue: LiveGroup[];
  byService: LiveGroup[];
  byChannel: LiveGroup[];
  byDistrict: LiveGroup[];
  agents: AgentLoad[];
  /** How many agents and clerks are signed in now. */
  signedIn: number;
  /** Every office × queue of the city's counters. */
  counters: CounterQueueFigures[];
  throughput: HourThroughput[];
  /** How far behind the streams the figures are: now minus the newest fact folded (seconds), null before any. */
  delaySeconds: number | null;
}

export interface ServiceChannelFigures {
  channel: string | null;
  volume: number;
  firstResponseP50Hours: number | null;
  firstResponseP90Hours: number | null;
  resolutionP50Hours: number | null;
  resolutionP90Hours: number | null;
  /** Percent of resolved cases (with a target) resolved within the service level; null without any. */
  withinSlaPercent: number | null;
  reopenPercent: number | null;
  duplicatePercent: number | null;
  /** Mean answer on the 1-5 scale, and how many answered. */
  satisfactionMean: number | null;
  satisfactionAnswers: number;
}

export type ParityMeasure = 'within-sla' | 'reopen' | 'satisfaction' | 'resolution-time';

/** A channel doing worse than the service's other channels by more than the margin. */
export interface ParityFinding {
  serviceCode: string;
  channel: string;
  measure: ParityMeasure;
  channelValue: number;
  othersValue: number;
  sentence: string;
}

export interface ServiceReport {
  serviceCode: string;
  lgslId: number | null;
  all: ServiceChannelFigures;
  channels: ServiceChannelFigures[];
  findings: ParityFinding[];
}

export interface StandardOfServiceReport {
  from: string;
  to: string;
  margin: number;
  minCases: number;
  services: ServiceReport[];
  findings: ParityFinding[];
  /** One sentence a manager can read: one standard on every channel, or where not. */
  summary: string;
}

/** A shift a manager proposes: this share of a service's (or every service's) requests on one channel moves to another. */
export interface ProposedShift {
  from: Channel;
  to: Channel;
  percent: number;
  /** Only this service; every service when absent. */
  serviceCode?: string;
}

export interface ChannelShiftReport {
  from: string;
  to: string;
  interval: 'week' | 'month';
  currency: string;
  perContact: Record<string, number>;
  /** Per service: requests per channel in each period, the share on each channel over the whole period, and what they cost. */
  services: Array<{
    serviceCode: string;
    periods: Array<{ period: string; byChannel: Record<string, number> }>;
    totals: Record<string, number>;
    sharePercent: Record<string, number>;
    cost: number;
  }>;
  /** Every service together. */
  totals: Record<string, number>;
  cost: number;
  /** The proposed shift: requests moved, the cost afterwards and the saving (negative: it costs more). */
  shift: (ProposedShift & { moved: number; costAfter: number; saving: number; sentence: string }) | null;
}

/** Requests for one service from one district on one channel in one period bucket. */
export interface DemandCell {
  period: string;
  serviceCode: string;
  lgslId: number | null;
  district: string;
  channel: string;
  requests: number;
}

export interface DemandInsight {
  from: string;
  to: string;
  interval: 'week' | 'month';
  /** What citizens ask for, the most asked first. */
  services: Array<{
    serviceCode: string;
    lgslId: number | null;
    requests: number;
    byChannel: Record<string, number>;
    byDistrict: Record<string, number>;
  }>;
  /** Where they ask from, the busiest first. */
  districts: Array<{
    district: string;
    requests: number;
    topServices: Array<{ serviceCode: string; requests: number }>;
  }>;
  /** How demand moves: requests per period and channel. */
  periods: Array<{ period: string; byChannel: Record<string, number>; requests: number }>;
  cells: DemandCell[];
}

/** Time spent in one status by the cases of one service: the spans that began in the period, ended (`spans`, their median and 90th percentile) or still going (`stillIn`, counted to now in `totalHours`). */
export interface StatusTime {
  serviceCode: string;
  status: string;
  spans: number;
  stillIn: number;
  p50Hours: number | null;
  p90Hours: number | null;
  totalHours: number;
}

export interface ProcessReview {
  from: string;
  to: string;
  services: Array<{
    serviceCode: string;
    steps: StatusTime[];
    /** The step where the service's cases spent most of their time, and its share of all. */
    longest: { status: string; sharePercent: number } | null;
    sentence: string | null;
  }>;
}

export type Verdict = 'met' | 'not-met' | 'no-data' | 'no-ambition';

/**
 * An ambition of the city's self-assessment: the city's own (`lgslId` null, for every service not
 * named) or one LGSL service's. A null target has no ambition of its own (a service's falls back to
 * the city's).
 */
export interface Ambition {
  lgslId: number | null;
  offerOnline: boolean | null;
  digitalTakeUpPercent: number | null;
  withinSlaPercent: number | null;
}

/** GET and PUT /api/v1/self-assessment/ambitions answer with every ambition, the city's first. */
export interface AmbitionsAnswer {
  ambitions: Ambition[];
}

export interface AssessmentRow {
  lgslId: number;
  lgslName: string | null;
  services: string[];
  channels: Record<Channel, boolean>;
  online: { ambition: boolean | null; offered: boolean; verdict: Verdict };
  digitalTakeUp: { ambitionPercent: number | null; percent: number | null; verdict: Verdict };
  withinSla: { ambitionPercent: number | null; percent: number | null; verdict: Verdict };
  requests: number;
}

export interface SelfAssessment {
  from: string;
  to: string;
  rows: AssessmentRow[];
  counts: Record<'online' | 'digitalTakeUp' | 'withinSla', Record<Verdict, number>>;
  summary: string;
}
