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

export interface AgentLoad {
  agent: string;
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

/** What the live board shows: pushed on every change, and answered on request. */
export interface LiveFigures {
  at: string;
  byQueue: LiveGroup[];
  byService: LiveGroup[];
  byChannel: LiveGroup[];
  byDistrict: LiveGroup[];
  agents: AgentLoad[];
  throughput: HourThroughput[];
  /** How far behind the streams the figures are: now minus the newest fact folded (seconds), null before any. */
  delaySeconds: number | null;
}
