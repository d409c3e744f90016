import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { NotificationTriggersConsumer } from './notification-triggers.kafka.consumer';
import { RequestNotificationsUseCase } from './request-notifications/request-notifications.usecase';

/** Facts in, messages owed out: the consumer of the case record's and the workflows' facts, and the messages they call for. */
@Module({
  imports: [MessageStoreModule, DeliveryModule],
  controllers: [NotificationTriggersConsumer],
  providers: [RequestNotificationsUseCase],
})
export class NotificationsModule {}
