import { Injectable } from '@nestjs/common';
import { DomainError, type ByActor, type ChangeStatusBody } from '@city/contracts';
import { checkTransition } from '@city/domain-cases';
import { Transaction } from '@city/platform-database';
import { CaseHistory } from '../../record/case-history';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound, checkVersion, referenceOf } from '../../record/case-rules';

/**
 * An agent or clerk moves a case on (with a reason where the lifecycle asks for one), against the
 * version they saw; on the timeline and out as CaseChanged, in one transaction.
 */
@Injectable()
export class ChangeStatusUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly history: CaseHistory,
  ) {}

  async execute(
    tenantId: string,
    rawReference: string,
    body: ByActor<ChangeStatusBody>,
  ): Promise<CaseRecord> {
    const reference = referenceOf(rawReference);
    return this.tx.run(async () => {
      const c = await this.cases.workedByCity(tenantId, reference, true);
      if (!c) throw caseNotFound(reference);
      checkVersion(c, body.expectedVersion);
      if (body.status === 'duplicate')
        throw DomainError.invalid(
          'case.duplicate-by-link',
          'Mark a duplicate by linking it to the case it duplicates.',
          [{ field: 'status', reason: 'use POST links with kind duplicate-of' }],
        );
      const check = checkTransition(c.status, body.status, body.reason);
      if (!check.ok)
        throw DomainError.invalid('case.transition-not-allowed', 'That change is not allowed.', [
          { field: check.field, reason: check.reason },
        ]);
      const from = c.status;
      c.status = body.status;
      c.closesAt = null; // a close scheduled belongs to one stay in `resolved`; the workflow says the next
      const saved = await this.cases.save(c);
      await this.history.record(saved, {
        actor: body.actor,
        channel: body.channel ?? null,
        kind: 'status-changed',
        summary: `${from} → ${body.status}${body.reason ? `: ${body.reason}` : ''}`,
        change: { change: 'status-changed', from, to: body.status, reason: body.reason ?? null },
      });
      return saved;
    });
  }
}
