import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { normalizePhone, normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';

/**
 * A citizen follows a request by its reference plus the email or phone they gave (the second
 * factor). A wrong second factor gets the same answer as no such case: a reference alone reveals
 * nothing.
 */
@Injectable()
export class FollowRequestUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID' | 'DEFAULT_COUNTRY'>,
  ) {}

  async execute(rawReference: string, secondFactor: { email?: string; phone?: string }): Promise<CaseRecord> {
    const { email, phone } = secondFactor;
    if (!email && !phone)
      throw DomainError.invalid(
        'request.second-factor-missing',
        'Give the email or the phone number used for the request.',
        [{ field: 'email', reason: 'give the email or the phone number used for the request' }],
      );
    const reference = normalizeReference(rawReference);
    if (!reference)
      throw DomainError.invalid('case.invalid-reference', 'Not a reference.', [
        { field: 'reference', reason: 'not a valid reference' },
      ]);
    const notFound = DomainError.notFound('case.not-found', `No case ${reference}.`);
    const c = await this.cases.byReference(this.config.TENANT_ID, reference);
    if (!c?.partyId) throw notFound;
    const wanted = email
      ? { kind: 'email' as const, value: email.trim().toLowerCase() }
      : { kind: 'phone' as const, value: normalizePhone(phone!, this.config.DEFAULT_COUNTRY) ?? phone! };
    const [citizen] = await this.citizens.withContacts(c.tenantId, [c.partyId]);
    const match = citizen?.contactPoints.some((cp) => cp.kind === wanted.kind && cp.value === wanted.value);
    if (!match) throw notFound;
    return c;
  }
}
