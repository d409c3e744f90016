import { Inject, Injectable } from '@nestjs/common';
import { isDomainError, type SatisfactionScore } from '@city/contracts';
import { SATISFACTION_TEMPLATE } from '@city/domain-notifications';
import { APP_CONFIG, servedCities, type CitiesConfig } from '@city/platform-config';
import { CaseRecordClient } from '../../case-record/case-record.client';
import { DeliveryRepository } from '../../message-store/delivery.repository';
import { numbersOf } from '../../message-store/phone-numbers';

/** A reply that is a score: one digit from 1 to 5, perhaps with a full stop or spaces around it. */
const SCORE = /^\s*([1-5])\s*[.!]?\s*$/;

/** What came of a reply to the texted question. */
export type SmsAnswer =
  /** Not a score (any other reply), or nobody asked that number: nothing recorded. */
  | null
  /** The answer, recorded for the request last asked of that number; or why not (the window is over, say). */
  | { reference: string; score: SatisfactionScore; recorded: true }
  | { reference: string; score: SatisfactionScore; recorded: false; reason: string };

/**
 * A reply to the texted satisfaction question ("Reply with a number from 1 to 5"): a reply that is a
 * score is the answer for the request whose question was last texted to that number, passed on to
 * the case record as answered `via: sms` (in the city that asked it). Any other reply, or a number
 * never asked, records nothing.
 * A refusal by the case record (the answer window is over) is said in the result, not thrown: the
 * provider's webhook has nobody to show it to.
 */
@Injectable()
export class AnswerBySmsReplyUseCase {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly caseRecord: CaseRecordClient,
    @Inject(APP_CONFIG) private readonly config: CitiesConfig,
  ) {}

  async execute(reply: { from: string; text: string }): Promise<SmsAnswer> {
    const m = SCORE.exec(reply.text);
    if (!m) return null;
    const score = Number(m[1]) as SatisfactionScore;
    const asked = await this.deliveries.latestTextTo(
      servedCities(this.config),
      numbersOf(reply.from),
      SATISFACTION_TEMPLATE,
    );
    if (!asked) return null;
    try {
      await this.caseRecord.answerSatisfaction(asked.tenantId, asked.reference, score, 'sms');
      return { reference: asked.reference, score, recorded: true };
    } catch (e) {
      if (isDomainError(e) && (e.kind === 'conflict' || e.kind === 'not-found'))
        return { reference: asked.reference, score, recorded: false, reason: e.message };
      throw e;
    }
  }
}
