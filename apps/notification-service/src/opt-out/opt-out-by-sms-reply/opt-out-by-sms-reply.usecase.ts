import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, servedCities, type CitiesConfig } from '@city/platform-config';
import { CaseRecordClient } from '../../case-record/case-record.client';
import { DeliveryRepository } from '../../message-store/delivery.repository';
import { numbersOf } from '../../message-store/phone-numbers';

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
 * The reply answers the city whose text last went to that number: that city's record is changed, not
 * every city's. A STOP from a number no city texted (rare: a number given at a counter, say) is
 * honoured by every city served, erring on the side of the citizen's wish.
 */
@Injectable()
export class OptOutBySmsReplyUseCase {
  constructor(
    private readonly caseRecord: CaseRecordClient,
    private readonly deliveries: DeliveryRepository,
    @Inject(APP_CONFIG) private readonly config: CitiesConfig,
  ) {}

  async execute(reply: SmsReply): Promise<{ optedOut: boolean }> {
    if (!STOP_WORDS.test(reply.text)) return { optedOut: false };
    const served = servedCities(this.config);
    const answered = await this.deliveries.latestTextTo(served, numbersOf(reply.from));
    const found = await Promise.all(
      (answered ? [answered.tenantId] : served).map((city) =>
        this.caseRecord.setConsent(city, { phone: reply.from }, false, 'sms', 'STOP reply to a text'),
      ),
    );
    return { optedOut: found.some(Boolean) };
  }
}
