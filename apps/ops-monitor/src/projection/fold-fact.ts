import type {
  CaseChangedV1,
  CaseOpenedV1,
  CaseStatus,
  CitizenMergedV1,
  CitizenMergeReversedV1,
  CounterVisitEndedV1,
  SatisfactionRecordedV1,
  WorkflowFactV1,
} from '@city/contracts';

/** Every fact the ops-monitor reads from the case and workflow streams. */
export type OpsFact =
  | CaseOpenedV1
  | CaseChangedV1
  | CitizenMergedV1
  | CitizenMergeReversedV1
  | SatisfactionRecordedV1
  | WorkflowFactV1
  | CounterVisitEndedV1;

/** A case as the read model keeps it (the columns of `ops_cases`). */
export interface CaseRow {
  caseId: string;
  tenantId: string;
  /** The city that works the case for its city (a shared service); null when its own city does. */
  workedBy: string | null;
  reference: string | null;
  serviceCode: string | null;
  lgslId: number | null;
  channel: string | null;
  district: string | null;
  status: string | null;
  open: boolean;
  duplicate: boolean;
  queue: string | null;
  priority: number | null;
  assignee: string | null;
  receivedAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  resolvedAt: Date | null;
  resolvedWithinSla: boolean | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  reopenCount: number;
  warnedAt: Date | null;
  breachedAt: Date | null;
  satisfaction: number | null;
  statusSince: Date | null;
}

/** A case entered a status at a time (the process review's spans). */
export interface StatusMove {
  caseId: string;
  tenantId: string;
  serviceCode: string | null;
  status: string;
  at: Date;
}

const OPEN_STATUSES: readonly string[] = ['received', 'open', 'in-progress', 'waiting-for-citizen'];
/** Statuses that answer the citizen: someone is working on it, asked them something, or resolved it. */
const RESPONDING: readonly string[] = ['in-progress', 'waiting-for-citizen', 'resolved'];
const FINISHED_AS_RESOLVED: readonly string[] = ['resolved', 'closed'];

export const isOpenStatus = (s: string) => OPEN_STATUSES.includes(s);

export function emptyRow(caseId: string, tenantId: string): CaseRow {
  return {
    caseId,
    tenantId,
    workedBy: null,
    reference: null,
    serviceCode: null,
    lgslId: null,
    channel: null,
    district: null,
    status: null,
    open: true,
    duplicate: false,
    queue: null,
    priority: null,
    assignee: null,
    receivedAt: null,
    firstResponseAt: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    resolvedAt: null,
    resolvedWithinSla: null,
    firstResponseMinutes: null,
    resolutionMinutes: null,
    reopenCount: 0,
    warnedAt: null,
    breachedAt: null,
    satisfaction: null,
    statusSince: null,
  };
}

/** The case a fact is about, or null for facts about citizens or counters. */
export function caseIdOf(e: OpsFact): string | null {
  switch (e.type) {
    case 'CitizenMerged':
    case 'CitizenMergeReversed':
    case 'CounterVisitEnded':
      return null;
    default:
      return e.payload.caseId;
  }
}

const earliest = (a: Date | null, b: Date) => (a !== null && a <= b ? a : b);

function withinSla(row: CaseRow): boolean | null {
  if (row.resolvedAt === null || row.resolutionDueAt === null) return null;
  return row.resolvedAt <= row.resolutionDueAt;
}

/**
 * What one fact changes on a case: a pure fold, so that the order within a case's stream decides
 * and replays give the same row. Facts from the workflow stream may come before the case's opening
 * (two topics), so nothing here assumes an order between the streams; facts of one stream come in
 * order. Returns the row (a new one when `row` is null) and the status the case entered, if any;
 * null when the fact changes nothing the read model keeps.
 *
 * First response: the first moment someone answered the citizen: a status that says the city works
 * on it, asked them something or resolved it, or a note shared with them.
 * Within the service level: the latest resolution came by the resolution clock's due time (pushed on
 * by pauses, as the workflow-service sets it). A reopening takes the resolution back.
 */
export function foldFact(
  row: CaseRow | null,
  e: OpsFact,
  districtOf: (city: string, location: CaseOpenedV1['payload']['location']) => string | null,
): { row: CaseRow; move: StatusMove | null } | null {
  const caseId = caseIdOf(e);
  if (caseId === null) return null;
  const r: CaseRow = row ? { ...row } : emptyRow(caseId, e.tenantId);
  let move: StatusMove | null = null;
  switch (e.type) {
    case 'CaseOpened': {
      const p = e.payload;
      const openedAt = new Date(p.openedAt);
      r.reference = p.reference;
      r.serviceCode = p.service.code;
      r.lgslId = p.service.lgslId;
      r.channel = p.channel;
      r.district = districtOf(e.tenantId, p.location);
      r.receivedAt = new Date(p.receivedAt);
      r.duplicate = r.duplicate || p.duplicateOf !== null || p.status === 'duplicate';
      r.queue ??= p.service.defaultQueue;
      if (r.status === null) {
        r.status = p.status;
        r.open = isOpenStatus(p.status);
        r.statusSince = openedAt;
        move = { caseId, tenantId: r.tenantId, serviceCode: r.serviceCode, status: p.status, at: openedAt };
      }
      break;
    }
    case 'CaseChanged': {
      const p = e.payload;
      const at = new Date(p.at);
      r.reference ??= p.reference;
      if (p.change === 'note-added') {
        if (p.visibility !== 'shared') return null;
        r.firstResponseAt = earliest(r.firstResponseAt, at);
        break;
      }
      if (p.change === 'linked') {
        if (p.kind !== 'duplicate-of') return null;
        r.duplicate = true;
        break;
      }
      const to: CaseStatus = p.to;
      if (FINISHED_AS_RESOLVED.includes(p.from) && isOpenStatus(to)) {
        r.reopenCount += 1;
        r.resolvedAt = null;
        r.resolvedWithinSla = null;
      }
      if (to === 'resolved') {
        r.resolvedAt = at;
        r.resolvedWithinSla = withinSla(r);
      }
      if (RESPONDING.includes(to)) r.firstResponseAt = earliest(r.firstResponseAt, at);
      if (to === 'duplicate') r.duplicate = true;
      r.status = to;
      r.open = isOpenStatus(to);
      r.statusSince = at;
      move = { caseId, tenantId: r.tenantId, serviceCode: r.serviceCode, status: to, at };
      break;
    }
    case 'SatisfactionRecorded':
      r.reference ??= e.payload.reference;
      r.serviceCode ??= e.payload.serviceCode;
      r.channel ??= e.payload.channelOfOrigin;
      r.satisfaction = e.payload.score;
      break;
    case 'CaseRouted':
      r.reference ??= e.payload.reference;
      r.queue = e.payload.queue;
      r.workedBy = e.payload.workedBy ?? null;
      r.priority = e.payload.priority;
      break;
    case 'CaseAssigned':
      r.reference ??= e.payload.reference;
      r.queue = e.payload.queue;
      r.assignee = e.payload.assignee;
      break;
    case 'DueTimesSet':
      r.reference ??= e.payload.reference;
      r.firstResponseDueAt = e.payload.firstResponseDueAt ? new Date(e.payload.firstResponseDueAt) : null;
      r.resolutionDueAt = new Date(e.payload.resolutionDueAt);
      // Due times set again (a pause ended) after a resolution was folded: judged on the due time as it is now.
      if (r.resolvedAt !== null) r.resolvedWithinSla = withinSla(r);
      break;
    case 'SlaWarning':
      if (e.payload.target !== 'resolution') return null;
      r.warnedAt ??= new Date(e.payload.at);
      break;
    case 'SlaBreached':
      if (e.payload.target !== 'resolution') return null;
      r.breachedAt ??= new Date(e.payload.at);
      break;
    default:
      // Messages asked for, closes scheduled and due, the workflow's own resolution (its status change follows on the case stream).
      return null;
  }
  r.firstResponseMinutes = minutesBetween(r.receivedAt, r.firstResponseAt);
  r.resolutionMinutes = minutesBetween(r.receivedAt, r.resolvedAt);
  return { row: r, move };
}

const minutesBetween = (from: Date | null, to: Date | null) =>
  from === null || to === null ? null : Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
