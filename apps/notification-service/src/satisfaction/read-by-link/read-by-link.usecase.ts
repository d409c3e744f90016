import { Injectable } from '@nestjs/common';
import { isDomainError, type SatisfactionOfRequest } from '@city/contracts';
import { CaseRecordClient } from '../../case-record/case-record.client';
import { SatisfactionLinks } from '../satisfaction-link';
import { linkNotValid } from '../satisfaction-tokens';

/**
 * Opening the satisfaction question's emailed link: which request it asks about, whether it takes
 * answers, until when, and the answer given. Records nothing (a mail scanner that follows the link
 * answers nothing). A forged link, or one for a request the record does not have, is the same 404.
 */
@Injectable()
export class ReadByLinkUseCase {
  constructor(
    private readonly links: SatisfactionLinks,
    private readonly caseRecord: CaseRecordClient,
  ) {}

  async execute(token: string): Promise<SatisfactionOfRequest> {
    const link = this.links.open(token);
    if (!link) throw linkNotValid();
    const { city, reference } = link;
    return this.caseRecord.satisfactionOf(city, reference).catch((e: unknown) => {
      throw isDomainError(e) && e.kind === 'not-found' ? linkNotValid() : e;
    });
  }
}
