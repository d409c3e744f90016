import { Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { CaseRecordClient } from '../../case-record/case-record.client';
import { OptOutLinks } from '../opt-out-link';

/** The refusal for a token that is not genuine, or names a citizen the case record does not know. */
export const invalidOptOutLink = () =>
  DomainError.notFound('opt-out.invalid-link', 'this opt-out link is not valid');

/**
 * A citizen confirms the opt-out link of an email (or their mail client posts it, RFC 8058): the
 * opt-out is recorded on their record, after which nothing more is sent to them.
 */
@Injectable()
export class OptOutByLinkUseCase {
  constructor(
    private readonly links: OptOutLinks,
    private readonly caseRecord: CaseRecordClient,
  ) {}

  async execute(token: string): Promise<void> {
    const link = this.links.open(token);
    if (!link) throw invalidOptOutLink();
    const { city, citizenId } = link;
    if (!(await this.caseRecord.setConsent(city, { citizenId }, false, 'email', 'opt-out link in an email')))
      throw invalidOptOutLink();
  }
}
