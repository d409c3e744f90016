import { Module } from '@nestjs/common';
import { APP_CONFIG, CityProfiles, servedCities } from '@city/platform-config';
import { CaseRecordModule } from '../case-record/case-record.module';
import type { NotificationConfig } from '../config';
import { MessageStoreModule } from '../message-store/message-store.module';
import { AnswerByLinkUseCase } from './answer-by-link/answer-by-link.usecase';
import { AnswerBySmsReplyUseCase } from './answer-by-sms-reply/answer-by-sms-reply.usecase';
import { ReadByLinkUseCase } from './read-by-link/read-by-link.usecase';
import { SatisfactionLinks } from './satisfaction-link';
import { SatisfactionHttpController } from './satisfaction.http.controller';

/**
 * The satisfaction question after a resolution, on the citizen's channel: the signed link in the
 * email (for the message's words) and its page's reads and answers, and a text reply of 1 to 5 (for
 * the SMS provider's webhook). The case record keeps the answers.
 */
@Module({
  imports: [CaseRecordModule, MessageStoreModule],
  controllers: [SatisfactionHttpController],
  providers: [
    {
      provide: SatisfactionLinks,
      // A city's own portal (its city.yaml's portalUrl), else the deployment's.
      useFactory: (config: NotificationConfig, profiles: CityProfiles) =>
        new SatisfactionLinks(
          config.OPT_OUT_SECRET,
          (city) => profiles.of(city).portalUrl ?? config.PORTAL_URL,
          servedCities(config),
        ),
      inject: [APP_CONFIG, CityProfiles],
    },
    ReadByLinkUseCase,
    AnswerByLinkUseCase,
    AnswerBySmsReplyUseCase,
  ],
  exports: [SatisfactionLinks, AnswerBySmsReplyUseCase],
})
export class SatisfactionModule {}
