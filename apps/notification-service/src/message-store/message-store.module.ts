import { Module } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository';
import { ErasedSubjects, TypeormErasedSubjects } from './erased-subjects';
import { NotificationRepository } from './notification.repository';
import { TypeormDeliveryRepository } from './typeorm-delivery.repository';
import { TypeormNotificationRepository } from './typeorm-notification.repository';

/**
 * What the city owes its citizens and what it sent them: the notifications and their deliveries,
 * behind their repositories, for the features that write them (notifications, delivery) and read
 * them (inbox).
 */
@Module({
  providers: [
    { provide: NotificationRepository, useClass: TypeormNotificationRepository },
    { provide: DeliveryRepository, useClass: TypeormDeliveryRepository },
    { provide: ErasedSubjects, useClass: TypeormErasedSubjects },
  ],
  exports: [NotificationRepository, DeliveryRepository, ErasedSubjects],
})
export class MessageStoreModule {}
