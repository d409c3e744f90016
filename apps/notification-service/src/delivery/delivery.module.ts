import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { CaseRecordModule } from '../case-record/case-record.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { OptOutModule } from '../opt-out/opt-out.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { CatalogueServiceNames } from './catalogue-service-names';
import { DeliverNotificationUseCase } from './deliver-notification/deliver-notification.usecase';
import { DeliveryQueue } from './delivery-queue.processor';
import { EmailSender } from './email.sender';
import { HttpSmsProvider } from './http-sms.provider';
import { ServiceNames } from './service-names';
import { SmsProvider } from './sms.provider';
import { SmtpEmailSender } from './smtp-email.sender';

/** Sending: the queue and its worker, the email and SMS adapters, the service names of the catalogue (one instance each; readiness is Redis's). */
@Module({
  imports: [CatalogueModule, CaseRecordModule, MessageStoreModule, OptOutModule, SatisfactionModule],
  providers: [
    { provide: EmailSender, useClass: SmtpEmailSender },
    { provide: SmsProvider, useClass: HttpSmsProvider },
    { provide: ServiceNames, useClass: CatalogueServiceNames },
    DeliverNotificationUseCase,
    DeliveryQueue,
  ],
  exports: [DeliveryQueue],
})
export class DeliveryModule {}
