import { Module } from '@nestjs/common';
import { CaseRecordModule } from '../case-record/case-record.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { OptOutModule } from '../opt-out/opt-out.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { MessagesHttpController } from './messages.http.controller';
import { ReadCaseMessagesUseCase } from './read-case-messages/read-case-messages.usecase';
import { ReadInboxUseCase } from './read-inbox/read-inbox.usecase';

/** The messages the city sent, as agents and citizens read them, and the SMS provider's replies (STOP, a satisfaction score). */
@Module({
  imports: [CaseRecordModule, MessageStoreModule, OptOutModule, SatisfactionModule],
  controllers: [MessagesHttpController],
  providers: [ReadCaseMessagesUseCase, ReadInboxUseCase],
})
export class InboxModule {}
