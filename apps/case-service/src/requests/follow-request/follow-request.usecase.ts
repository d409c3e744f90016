import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { normalizePhone, normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { Transaction } from '@city/platform-database';
import type { CaseConfig } from '../../config';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import { CitizenViews, type FollowedCase } from '../citizen-view/citizen-views';

export interface SecondFactor {
  email?: string;
  phone?: string;
}
/** A case whose citizen is known: only such a case can be followed. */
export type CitizensCase = CaseRecord & { partyId: string };
interface LookUp {
  reference: string;
  wanted: { kind: 'email' | 'phone'; value: string };
}

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
    private readonly views: CitizenViews,
    private readonly tx: Transaction,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID' | 'DEFAULT_COUNTRY'>,
  ) {}

  /**
   * The request and what its citizen may see of it (due times, timeline, the case it duplicates),
   * read in one snapshot: a status change made meanwhile shows in both the status and the timeline,
   * or in neither. A malformed look-up is refused before the database is asked.
   */
  async followed(rawReference: string, secondFactor: SecondFactor): Promise<FollowedCase<CitizensCase>> {
    const asked = this.lookUp(rawReference, secondFactor);
    return this.tx.snapshot(async () => {
      const c = await this.check(asked);
      const [view] = await this.views.of([c], [c.partyId]);
      return { case: c, view };
    });
  }

  /** The request, once the second factor matches its citizen (the check alone, for the notification-service). */
  async execute(rawReference: string, secondFactor: SecondFactor): Promise<CitizensCase> {
    return this.check(this.lookUp(rawReference, secondFactor));
  }

  private lookUp(rawReference: string, { email, phone }: SecondFactor): LookUp {
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
    const wanted = email
      ? { kind: 'email' as const, value: email.trim().toLowerCase() }
      : { kind: 'phone' as const, value: normalizePhone(phone!, this.config.DEFAULT_COUNTRY) ?? phone! };
    return { reference, wanted };
  }

  private async check({ reference, wanted }: LookUp): Promise<CitizensCase> {
    const notFound = DomainError.notFound('case.not-found', `No case ${reference}.`);
    const c = await this.cases.byReference(this.config.TENANT_ID, reference);
    if (!c?.partyId) throw notFound;
    const [citizen] = await this.citizens.withContacts(c.tenantId, [c.partyId]);
    const match = citizen?.contactPoints.some((cp) => cp.kind === wanted.kind && cp.value === wanted.value);
    if (!match) throw notFound;
    return Object.assign(c, { partyId: c.partyId });
  }
}
