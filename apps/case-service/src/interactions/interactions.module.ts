import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { NotificationFactsConsumer } from './notification-facts.kafka.consumer';
import { RecordCounterVisitUseCase } from './record-counter-visit/record-counter-visit.usecase';
import { RecordOutboundMessageUseCase } from './record-outbound-message/record-outbound-message.usecase';

/** Contacts that happen elsewhere, onto the record: counter visits, and the messages the city sent. */
@Module({
  imports: [RecordModule],
  controllers: [NotificationFactsConsumer],
  providers: [RecordCounterVisitUseCase, RecordOutboundMessageUseCase],
  exports: [RecordCounterVisitUseCase],
})
export class InteractionsModule {}
