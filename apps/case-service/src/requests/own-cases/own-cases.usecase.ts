import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';

/**
 * A signed-in citizen's own requests: those of the citizen record that holds their verified email
 * (followed to its survivor after a merge), and those they follow (a report of theirs was linked to
 * one already reported). Nothing of anyone else's, and nothing without a verified email.
 */
@Injectable()
export class OwnCasesUseCase {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID'>,
  ) {}

  async execute(verifiedEmail: string | null): Promise<CaseRecord[]> {
    if (!verifiedEmail) return [];
    return this.cases.ownedByEmail(this.config.TENANT_ID, verifiedEmail, 200);
  }
}
