import { Module } from '@nestjs/common';
import { APP_CONFIG, servedCities } from '@city/platform-config';
import { CaseRecordModule } from '../case-record/case-record.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import type { NotificationConfig } from '../config';
import { OptOutByLinkUseCase } from './opt-out-by-link/opt-out-by-link.usecase';
import { OptOutBySmsReplyUseCase } from './opt-out-by-sms-reply/opt-out-by-sms-reply.usecase';
import { OptOutLinks } from './opt-out-link';
import { OptOutHttpController } from './opt-out.http.controller';

/** Citizens saying "no more updates": the signed link in every email, and a STOP reply to a text. */
@Module({
  imports: [CaseRecordModule, MessageStoreModule],
  controllers: [OptOutHttpController],
  providers: [
    {
      provide: OptOutLinks,
      useFactory: (config: NotificationConfig) =>
        new OptOutLinks(config.OPT_OUT_SECRET, config.PUBLIC_URL, servedCities(config)),
      inject: [APP_CONFIG],
    },
    OptOutByLinkUseCase,
    OptOutBySmsReplyUseCase,
  ],
  exports: [OptOutLinks, OptOutBySmsReplyUseCase],
})
export class OptOutModule {}
