import { Inject, Injectable } from '@nestjs/common';
import { isDomainError, type SatisfactionOfRequest, type SatisfactionScore } from '@city/contracts';
import { APP_CONFIG } from '@city/platform-config';
import { CaseRecordClient } from '../../case-record/case-record.client';
import type { NotificationConfig } from '../../config';
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
    @Inject(APP_CONFIG) private readonly config: Pick<NotificationConfig, 'TENANT_ID'>,
  ) {}

  async execute(token: string, score: SatisfactionScore): Promise<SatisfactionOfRequest> {
    const reference = this.links.referenceOf(this.config.TENANT_ID, token);
    if (!reference) throw linkNotValid();
    return this.caseRecord.answerSatisfaction(reference, score, 'email').catch((e: unknown) => {
      throw isDomainError(e) && e.kind === 'not-found' ? linkNotValid() : e;
    });
  }
}
