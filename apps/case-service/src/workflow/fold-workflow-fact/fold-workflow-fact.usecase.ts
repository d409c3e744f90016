import { Injectable } from '@nestjs/common';
import { DomainError, type CaseStatus, type WorkflowFactV1 } from '@city/contracts';
import { checkTransition } from '@city/domain-cases';
import { Inbox, Transaction } from '@city/platform-database';
import { CaseHistory } from '../../record/case-history';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import type { TimelineKind } from '../../record/timeline-entry.entity';

export const FOLD_WORKFLOW_CONSUMER = 'case-service.workflow-facts';

const words = (target: string) => (target === 'first-response' ? 'first response' : 'resolution');

/**
 * Folds the workflow's facts into the case record: queue, priority, assignee, due times and when a
 * resolved case closes by itself on the case; each fact on the timeline. Once per event (inbox), in
 * one transaction.
 */
/**
 * The person a workflow fact names as its cause, as an actor label (`supervisor:supervisor-1`):
 * `CaseAssigned.by` is `take-next:<label>`, `returned:<label>` or `reassigned:<label>`, and a
 * supervisor's priority change is a `CaseRouted` with rule `priority-set:<label>`. Null for the
 * workflow's own facts (and for facts written before the label was added, e.g. a bare `take-next`).
 */
export function personBehind(e: WorkflowFactV1): string | null {
  const said = e.type === 'CaseAssigned' ? e.payload.by : e.type === 'CaseRouted' ? e.payload.rule : null;
  const m = said ? /^(?:take-next|returned|reassigned|priority-set):([a-z-]+:[^:\s]+)$/.exec(said) : null;
  return m ? m[1] : null;
}

@Injectable()
export class FoldWorkflowFactUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly cases: CaseRepository,
    private readonly history: CaseHistory,
  ) {}

  /**
   * A status change the workflow asked for, where the lifecycle allows it (a case an agent already
   * moved on is left as it is): on the timeline and out as CaseChanged, as an agent's change would be.
   */
  private async moveStatus(c: CaseRecord, e: WorkflowFactV1, to: CaseStatus, reason: string): Promise<void> {
    if (!checkTransition(c.status, to, reason).ok) return;
    const from = c.status;
    c.status = to;
    c.closesAt = null; // a close scheduled belongs to one stay in `resolved`
    const saved = await this.cases.save(c);
    await this.history.record(saved, {
      actor: 'workflow-service',
      channel: null,
      kind: 'status-changed',
      summary: `${from} → ${to}: ${reason}`,
      change: { change: 'status-changed', from, to, reason },
      cause: { eventId: e.eventId, correlationId: e.correlationId },
      at: new Date(e.payload.at),
    });
  }

  /**
   * Whether a resolution is one the case has been through since (it was reopened and resolved again):
   * a fact about it comes late and changes nothing. By the case's changes to `resolved` on its
   * timeline, written with the time CaseChanged carried to the workflow.
   */
  private async resolvedAgainSince(c: CaseRecord, resolvedAt: string): Promise<boolean> {
    const changes = await this.cases.timelines([c.id], ['status-changed']);
    const latest = changes.filter((t) => t.details?.['to'] === 'resolved').at(-1);
    return !!latest && latest.at.getTime() > new Date(resolvedAt).getTime();
  }

  async execute(e: WorkflowFactV1): Promise<'folded' | 'already-handled'> {
    return this.tx.run(async () => {
      if ((await this.inbox.claim(FOLD_WORKFLOW_CONSUMER, [e.eventId])).size === 0) return 'already-handled';
      const c = await this.cases.byId(e.payload.caseId, true);
      // The workflow only acts on cases it was told of; an unknown id is retried, then dead-lettered.
      if (!c) throw new Error(`case ${e.payload.caseId} not found`);
      if (c.tenantId !== e.tenantId)
        throw DomainError.forbidden('case.other-tenant', `case ${c.id} belongs to another tenant`);
      let kind: TimelineKind;
      let summary: string;
      switch (e.type) {
        case 'CaseRouted':
          c.queue = e.payload.queue;
          c.priority = e.payload.priority;
          c.workedBy = e.payload.workedBy ?? null;
          // Routed: a received case is open now, as the lifecycle allows (one an agent moved on stays).
          if (c.status === 'received' && checkTransition(c.status, 'open', null).ok) c.status = 'open';
          kind = 'routed';
          // A supervisor's priority change travels as a routing with rule `priority-set:<who>`.
          summary = e.payload.rule.startsWith('priority-set:')
            ? `Priority set to ${e.payload.priority} by ${personBehind(e) ?? e.payload.rule.slice('priority-set:'.length)}${e.payload.reason ? `: ${e.payload.reason}` : ''}`
            : `Routed to ${e.payload.queue}${e.payload.workedBy ? ` of ${e.payload.workedBy}` : ''} at priority ${e.payload.priority} (${e.payload.rule})`;
          break;
        case 'CaseAssigned': {
          c.queue = e.payload.queue;
          c.assignee = e.payload.assignee;
          kind = 'assigned';
          const who = personBehind(e);
          summary = e.payload.assignee
            ? e.payload.by.startsWith('take-next')
              ? `Taken by ${e.payload.assignee} (take next)`
              : `Assigned to ${e.payload.assignee}${who ? ` by ${who}` : ` (${e.payload.by})`}`
            : `Returned to ${e.payload.queue}${who ? ` by ${who}` : ` (${e.payload.by})`}`;
          break;
        }
        case 'DueTimesSet':
          c.firstResponseDueAt = e.payload.firstResponseDueAt ? new Date(e.payload.firstResponseDueAt) : null;
          c.resolutionDueAt = new Date(e.payload.resolutionDueAt);
          kind = 'due-times-set';
          summary = `Due: resolution by ${e.payload.resolutionDueAt}${e.payload.firstResponseDueAt ? `, first response by ${e.payload.firstResponseDueAt}` : ''}`;
          break;
        case 'SlaWarning':
          kind = 'sla-warning';
          summary = `${Math.round(e.payload.elapsedShare * 100)}% of the ${words(e.payload.target)} time used (due ${e.payload.dueAt})`;
          break;
        case 'SlaBreached':
          kind = 'sla-breached';
          summary = `The ${words(e.payload.target)} target was missed (due ${e.payload.dueAt})${e.payload.escalatedTo ? `; escalated to ${e.payload.escalatedTo}` : ''}`;
          break;
        case 'CaseCloseDue':
          // Only a case still resolved closes: one the citizen reopened meanwhile stays open.
          if (c.status !== 'resolved') return 'folded';
          await this.moveStatus(
            c,
            e,
            'closed',
            `Closed automatically: not reopened within ${e.payload.period.replace('-', ' ')} of resolution`,
          );
          return 'folded';
        case 'CaseCloseScheduled': {
          // When it closes by itself: kept while it is resolved, so a reopening after it is refused
          // even before CaseCloseDue arrives; null when the workflow called the close off (reopened).
          if (await this.resolvedAgainSince(c, e.payload.resolvedAt)) return 'folded';
          const { closesAt, period } = e.payload;
          if (closesAt !== null && c.status !== 'resolved') return 'folded';
          c.closesAt = closesAt === null ? null : new Date(closesAt);
          kind = 'due-times-set';
          summary = closesAt
            ? `Closes by itself at ${closesAt} unless reopened (${period.replace('-', ' ')} after resolution)`
            : 'No longer closes by itself: reopened';
          break;
        }
        case 'InformationRequested':
          await this.moveStatus(
            c,
            e,
            'waiting-for-citizen',
            `Information requested from the citizen (${e.payload.template})`,
          );
          return 'folded';
        case 'CaseResolvedByWorkflow':
          await this.moveStatus(c, e, 'resolved', e.payload.reason);
          return 'folded';
        case 'CitizenNotificationRequested':
          // The notification-service sends it and records the message on the case; nothing changes here.
          return 'folded';
      }
      await this.cases.save(c);
      await this.cases.addToTimeline([
        {
          tenantId: c.tenantId,
          caseId: c.id,
          kind,
          // The person behind it where the fact names one (a supervisor's reassignment, an agent
          // taking next), so every screen can tell a colleague's change from the workflow's own.
          actor: personBehind(e) ?? 'workflow-service',
          channel: null,
          at: new Date(e.payload.at),
          summary,
          details: { eventId: e.eventId, ...e.payload },
        },
      ]);
      return 'folded';
    });
  }
}
