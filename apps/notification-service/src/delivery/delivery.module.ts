import { DynamicModule, Global, Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import type { TemplateBook } from '../templates/template-book';
import { TEMPLATE_BOOK } from '../templates/templates.tokens';
import { CaseRecipientsClient } from './case-recipients.client';
import { DeliverNotificationUseCase } from './deliver-notification/deliver-notification.usecase';
import { DeliveryQueue } from './delivery-queue.processor';
import { EmailSender } from './email.sender';
import { SmsProvider } from './sms.provider';

/** Sending: the queue and its worker, the email and SMS adapters, the case record's answer to "who hears this" (one instance each; readiness is Redis's). */
@Global()
@Module({})
export class DeliveryModule {
  static forRoot(book: TemplateBook): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [CatalogueModule],
      providers: [
        { provide: TEMPLATE_BOOK, useValue: book },
        CaseRecipientsClient,
        EmailSender,
        SmsProvider,
        DeliverNotificationUseCase,
        DeliveryQueue,
      ],
      exports: [TEMPLATE_BOOK, CaseRecipientsClient, DeliveryQueue],
    };
  }
}
