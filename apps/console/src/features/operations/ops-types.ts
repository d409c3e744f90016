/**
 * What the ops-monitor answers, as the console reads it: the shapes are the ops-monitor's own, in
 * the contracts (libs/contracts/src/http/ops-monitor.dto.ts).
 */
export type {
  AgentLoad,
  CounterQueueFigures,
  ChannelShiftReport,
  DemandInsight,
  HourThroughput,
  LiveFigures,
  LiveGroup,
  ParityFinding,
  ParityMeasure,
  ProcessReview,
  SelfAssessment,
  ServiceChannelFigures,
  ServiceReport,
  StandardOfServiceReport,
  Verdict,
} from '@city/contracts';

/** Weeks or months, as the reports bucket requests. */
export type Interval = 'week' | 'month';
