import { Inject, Injectable } from '@nestjs/common';
import type { CaseSearchQuery } from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { referenceOf } from '../../record/case-rules';

/** Agents and clerks search by reference, citizen name, phone, email, address, service, status, queue. */
@Injectable()
export class SearchCasesUseCase {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'DEFAULT_COUNTRY'>,
  ) {}

  async execute(tenantId: string, q: CaseSearchQuery): Promise<CaseRecord[]> {
    const { email, phone, reference, ...rest } = q;
    const contact = email
      ? { kind: 'email' as const, value: email.toLowerCase() }
      : phone
        ? { kind: 'phone' as const, value: normalizePhone(phone, this.config.DEFAULT_COUNTRY) ?? phone }
        : null;
    return this.cases.search(tenantId, {
      ...rest,
      ...(reference ? { reference: referenceOf(reference) } : {}),
      contact,
    });
  }
}
