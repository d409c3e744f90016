import { Injectable } from '@nestjs/common';
import { isDomainError, type SatisfactionOfRequest, type SatisfactionScore } from '@city/contracts';
import { CaseRecordClient } from '../../case-record/case-record.client';
import { SatisfactionLinks } from '../satisfaction-link';
import { linkNotValid } from '../satisfaction-tokens';

/**
 * The citizen sends a score from the page the emailed link opened: the link is checked here (the
 * city's signature over the request's reference), and the answer is passed on to the case record as
 * answered `via: email`. The case record's refusals come back as it gave them (409 after the answer
 * window, in a sentence); a forged link, or one for a request it does not have, is the same 404.
 */
@Injectable()
export class AnswerByLinkUseCase {
  constructor(
    private readonly links: SatisfactionLinks,
    private readonly caseRecord: CaseRecordClient,
  ) {}

  async execute(token: string, score: SatisfactionScore): Promise<SatisfactionOfRequest> {
    const link = this.links.open(token);
    if (!link) throw linkNotValid();
    const { city, reference } = link;
    return this.caseRecord.answerSatisfaction(city, reference, score, 'email').catch((e: unknown) => {
      throw isDomainError(e) && e.kind === 'not-found' ? linkNotValid() : e;
    });
  }
}
