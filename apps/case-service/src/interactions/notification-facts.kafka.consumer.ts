import { Payload } from '@nestjs/microservices';
import { NOTIFICATION_FACTS_V1, TOPICS, type NotificationFactV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { RecordOutboundMessageUseCase } from './record-outbound-message/record-outbound-message.usecase';

/** Messages to citizens, as the notification-service reports them, onto the case record. */
@KafkaConsumer()
export class NotificationFactsConsumer {
  constructor(private readonly record: RecordOutboundMessageUseCase) {}

  @KafkaEvent(TOPICS.notificationEvents, {
    group: 'case-service.notifications',
    partitionsConsumedConcurrently: 3,
    isTransient: isTransientDatabaseError,
  })
  async notificationFact(
    @Payload(new EnvelopePipe([...NOTIFICATION_FACTS_V1] as never)) e: NotificationFactV1,
  ) {
    await this.record.execute(e);
  }
}
