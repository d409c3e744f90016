import { Injectable } from '@nestjs/common';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import type { CaseRecord } from '../../record/case.entity';
import { caseNotFound, referenceOf } from '../../record/case-rules';
import { CaseRepository } from '../../record/case.repository';
import type { JoinedReport } from '../../record/case-views';

/**
 * The status of a request by its reference alone, for the IVR (which asks with its own service token),
 * and, for a report joined to an earlier one, that one's reference, status and expected date, as its
 * citizen sees them on every other channel.
 */
@Injectable()
export class RequestStatusUseCase {
  constructor(private readonly cases: CaseRepository) {}

  async execute(
    tenantId: string,
    rawReference: string,
  ): Promise<{ case: CaseRecord; joined: JoinedReport | null }> {
    const reference = referenceOf(rawReference);
    const c = await this.cases.byReference(tenantId, reference);
    if (!c) throw caseNotFound(reference);
    if (c.status !== 'duplicate' || !c.duplicateOf) return { case: c, joined: null };
    const o = await this.cases.byId(c.duplicateOf);
    const joined =
      o && o.tenantId === c.tenantId
        ? {
            reference: o.reference,
            status: o.status,
            // Its due time while it is being dealt with, as the citizen's view gives it.
            expectedBy: (ACTIVE_STATUSES.includes(o.status) && o.resolutionDueAt?.toISOString()) || null,
          }
        : null;
    return { case: c, joined };
  }
}
