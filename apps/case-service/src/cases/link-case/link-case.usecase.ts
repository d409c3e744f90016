import { Injectable } from '@nestjs/common';
import { DomainError, type ByActor, type LinkCaseBody } from '@city/contracts';
import { checkTransition } from '@city/domain-cases';
import { Transaction } from '@city/platform-database';
import { CaseHistory } from '../../record/case-history';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound, checkVersion, referenceOf } from '../../record/case-rules';

/**
 * An agent links a case to another: related to it, or a duplicate of it. A duplicate is an outcome
 * (the lifecycle must allow it) and its citizen then follows the case it duplicates.
 */
@Injectable()
export class LinkCaseUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly history: CaseHistory,
  ) {}

  async execute(tenantId: string, rawReference: string, body: ByActor<LinkCaseBody>): Promise<CaseRecord> {
    const reference = referenceOf(rawReference);
    return this.tx.run(async () => {
      const c = await this.cases.byReference(tenantId, reference, true);
      if (!c) throw caseNotFound(reference);
      checkVersion(c, body.expectedVersion);
      const toReference = referenceOf(body.toReference, 'toReference');
      if (toReference === c.reference)
        throw DomainError.invalid('case.link-to-itself', 'A case cannot be linked to itself.', [
          { field: 'toReference', reason: 'the same case' },
        ]);
      const target = await this.cases.byReference(tenantId, toReference);
      if (!target) throw caseNotFound(toReference, 'toReference');
      const exists = await this.cases.link(c.id, target.id);
      if (exists)
        throw DomainError.conflict('case.already-linked', 'These cases are already linked.', [
          { field: 'toReference', reason: `already ${exists.kind} ${toReference}` },
        ]);
      let saved: CaseRecord;
      if (body.kind === 'duplicate-of') {
        const reason = body.reason ?? `Same problem as ${toReference}`;
        const check = checkTransition(c.status, 'duplicate', reason);
        if (!check.ok)
          throw DomainError.invalid(
            'case.transition-not-allowed',
            'This case cannot be marked a duplicate.',
            [{ field: check.field, reason: check.reason }],
          );
        const from = c.status;
        c.status = 'duplicate';
        c.duplicateOf = target.id;
        saved = await this.cases.save(c);
        // The citizen now follows the case their report duplicates.
        if (c.partyId)
          await this.cases.subscribe([
            { caseId: target.id, partyId: c.partyId, reason: 'duplicate-reporter' },
          ]);
        await this.history.record(saved, {
          actor: body.actor,
          channel: body.channel ?? null,
          kind: 'status-changed',
          summary: `${from} → duplicate of ${toReference}`,
          change: { change: 'status-changed', from, to: 'duplicate', reason },
        });
      } else {
        c.updatedAt = new Date();
        saved = await this.cases.save(c);
      }
      await this.cases.addLinks([
        { fromCaseId: c.id, toCaseId: target.id, kind: body.kind, createdBy: body.actor },
      ]);
      await this.history.record(saved, {
        actor: body.actor,
        channel: body.channel ?? null,
        kind: 'linked',
        summary: `${body.kind === 'duplicate-of' ? 'Duplicate of' : 'Related to'} ${toReference}`,
        change: { change: 'linked', kind: body.kind, toCaseId: target.id, toReference },
      });
      return saved;
    });
  }
}
