import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import type { CaseRecord } from '../../record/case.entity';
import { caseNotFound, referenceOf } from '../../record/case-rules';
import { CaseRepository } from '../../record/case.repository';

/** The status of a request by its reference alone, for the IVR (which asks with its own service token). */
@Injectable()
export class RequestStatusUseCase {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID'>,
  ) {}

  async execute(rawReference: string): Promise<CaseRecord> {
    const reference = referenceOf(rawReference);
    const c = await this.cases.byReference(this.config.TENANT_ID, reference);
    if (!c) throw caseNotFound(reference);
    return c;
  }
}
