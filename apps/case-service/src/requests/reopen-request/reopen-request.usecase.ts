import { Injectable } from '@nestjs/common';
import { DomainError, type CaseStatus, type ReopenRequestBody } from '@city/contracts';
import { checkTransition } from '@city/domain-cases';
import { Transaction } from '@city/platform-database';
import { CaseHistory } from '../../record/case-history';
import type { CaseRecord } from '../../record/case.entity';
import { caseNotFound } from '../../record/case-rules';
import { CaseRepository } from '../../record/case.repository';
import { FollowRequestUseCase } from '../follow-request/follow-request.usecase';

const dayOf = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Why a case that is not resolved cannot be reopened, in words for the citizen. */
function notReopenable(status: CaseStatus, since: Date): string {
  switch (status) {
    case 'closed':
      return `closed on ${dayOf(since)}; make a new request`;
    case 'withdrawn':
      return `withdrawn on ${dayOf(since)}; make a new request`;
    case 'duplicate':
      return 'joined to an earlier report of the same problem; follow that one instead';
    case 'not-our-responsibility':
      return `passed on on ${dayOf(since)}, as it is not something the council looks after`;
    default:
      return `still being dealt with (${status.replace(/-/g, ' ')}); there is nothing to reopen`;
  }
}

/**
 * The citizen says a resolved request is not fixed after all: with the second factor of
 * GET requests/:reference, the case goes back to open with their reason, on its timeline and out as
 * CaseChanged (actor `citizen`) as an agent's change of status goes, so the workflow-service puts the
 * work back in its queue. Only while it is still resolved and within its service's period (the
 * case's `closesAt`, from the workflow's CaseCloseScheduled): the workflow closes it then
 * (CaseCloseDue), and a closed case stays closed (a new request is made instead). A case whose
 * period is over is refused even while CaseCloseDue is on its way.
 */
@Injectable()
export class ReopenRequestUseCase {
  constructor(
    private readonly follow: FollowRequestUseCase,
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly history: CaseHistory,
  ) {}

  async execute(tenantId: string, rawReference: string, body: ReopenRequestBody): Promise<CaseRecord> {
    const { email, phone, reason } = body;
    return this.tx.run(async () => {
      // Only its reporter reopens it: a follower's contact is refused (403).
      const { reference } = await this.follow.asReporter(tenantId, rawReference, { email, phone });
      const c = await this.cases.byReference(tenantId, reference, true);
      if (!c) throw caseNotFound(reference);
      if (c.status !== 'resolved')
        throw DomainError.conflict('case.not-reopenable', `${c.reference} cannot be reopened.`, [
          { field: 'status', reason: notReopenable(c.status, await this.since(c)) },
        ]);
      if (c.closesAt && c.closesAt.getTime() <= Date.now())
        throw DomainError.conflict('case.not-reopenable', `${c.reference} cannot be reopened.`, [
          {
            field: 'status',
            reason: `the time to reopen it ended on ${dayOf(c.closesAt)}; make a new request`,
          },
        ]);
      const check = checkTransition('resolved', 'open', reason);
      if (!check.ok)
        throw DomainError.invalid('case.transition-not-allowed', 'That change is not allowed.', [
          { field: check.field, reason: check.reason },
        ]);
      c.status = 'open';
      c.closesAt = null; // no longer closing: the workflow calls the close off
      const saved = await this.cases.save(c);
      await this.history.record(saved, {
        actor: 'citizen',
        channel: 'web',
        kind: 'status-changed',
        summary: `resolved → open: ${reason}`,
        change: { change: 'status-changed', from: 'resolved', to: 'open', reason },
      });
      return saved;
    });
  }

  /** When the case reached its status: its latest change to it on the timeline, else its last update. */
  private async since(c: CaseRecord): Promise<Date> {
    const changes = await this.cases.timelines([c.id], ['status-changed']);
    const last = changes.filter((t) => t.details?.['to'] === c.status).at(-1);
    return last?.at ?? c.updatedAt;
  }
}
