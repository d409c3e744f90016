import { Injectable } from '@nestjs/common';
import { CaseRecordClient } from '../../case-record/case-record.client';

/** The words a reply starts with that mean "no more texts" (English, Dutch, Swedish). */
const STOP_WORDS = /^\s*(stop|stopp|stoppa|afmelden|unsubscribe)\b/i;

export interface SmsReply {
  /** The phone number the reply came from. */
  from: string;
  text: string;
}

/**
 * A reply to one of the city's texts: STOP (or STOPP, AFMELDEN, ...) opts whoever has that number
 * out of updates; any other reply changes nothing. Whether someone was opted out is the answer.
 */
@Injectable()
export class OptOutBySmsReplyUseCase {
  constructor(private readonly caseRecord: CaseRecordClient) {}

  async execute(reply: SmsReply): Promise<{ optedOut: boolean }> {
    if (!STOP_WORDS.test(reply.text)) return { optedOut: false };
    const found = await this.caseRecord.setConsent(
      { phone: reply.from },
      false,
      'sms',
      'STOP reply to a text',
    );
    return { optedOut: found };
  }
}
